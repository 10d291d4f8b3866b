package io.entest.demo.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.SnsException;

class ConsumerHandlerTest {

    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:demo-topic";
    private static final String FIFO_TOPIC = "arn:aws:sns:eu-west-1:123456789012:demo-topic.fifo";
    private static final String EVENT_ID = "6a7e8feb-b491-4cf7-a9f1-bf3703467718";

    private final FakeSns sns = new FakeSns();

    @Test
    void handleRequest_whenTopicSet_publishesTheEventWithSourceAndDetailTypeAttributes() throws IOException {
        JsonObject result = invoke(new ConsumerHandler(sns, new ConsumerConfig(TOPIC)), Fixtures.bytes("consume.json"));

        assertEquals(1, sns.requests.size());
        PublishRequest request = sns.requests.get(0);
        assertEquals(TOPIC, request.topicArn());
        assertEquals(JsonParser.parseString(new String(Fixtures.bytes("consume.json"), StandardCharsets.UTF_8)),
                JsonParser.parseString(request.message()));
        Map<String, MessageAttributeValue> attributes = request.messageAttributes();
        assertEquals(2, attributes.size());
        assertEquals("String", attributes.get("source").dataType());
        assertEquals("io.entest.demo", attributes.get("source").stringValue());
        assertEquals("service_status", attributes.get("detail-type").stringValue());
        assertNull(request.messageGroupId());
        assertNull(request.messageDeduplicationId());
        assertEquals("message-1", result.get("messageId").getAsString());
        assertEquals(EVENT_ID, result.getAsJsonObject("message").get("id").getAsString());
    }

    @Test
    void handleRequest_whenFifoTopic_setsGroupToSourceAndDeduplicationToEventId() throws IOException {
        invoke(new ConsumerHandler(sns, new ConsumerConfig(FIFO_TOPIC)), Fixtures.bytes("consume.json"));

        PublishRequest request = sns.requests.get(0);
        assertEquals("io.entest.demo", request.messageGroupId());
        assertEquals(EVENT_ID, request.messageDeduplicationId());
    }

    @Test
    void handleRequest_whenNoTopic_logsAndPublishesNothing() throws IOException {
        FakeContext context = new FakeContext();
        JsonObject result = invoke(new ConsumerHandler(sns, ConsumerConfig.fromEnv(name -> "")), Fixtures.bytes("consume.json"), context);

        assertEquals(0, sns.requests.size());
        assertFalse(result.has("messageId"));
        assertEquals(EVENT_ID, result.getAsJsonObject("message").get("id").getAsString());
        assertTrue(context.logLines.get(0).startsWith("INFO no TOPIC_ARN set; event " + EVENT_ID), context.logLines.toString());
    }

    @Test
    void handleRequest_whenEnvelopeHasNoDetail_throwsNamingDetail() {
        ConsumerException e = assertThrows(ConsumerException.class,
                () -> invoke(new ConsumerHandler(sns, new ConsumerConfig(TOPIC)), Fixtures.bytes("bad-consume-no-detail.json")));

        assertEquals("malformed EventBridge event: \"detail\" must be a JSON object; got nothing", e.getMessage());
        assertEquals(0, sns.requests.size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                                                      | malformed EventBridge event: not valid JSON
            []                                                            | malformed EventBridge event: expected a JSON object
            {"id":"1","source":"s","detail-type":"t","detail":"text"}     | malformed EventBridge event: "detail" must be a JSON object; got "text"
            {"source":"s","detail-type":"t","detail":{}}                  | malformed EventBridge event: "id" must be a non-empty string; got nothing
            {"id":"1","source":7,"detail-type":"t","detail":{}}           | malformed EventBridge event: "source" must be a string; got 7
            {"id":"1","source":"s","detail":{}}                           | malformed EventBridge event: "detail-type" must be a non-empty string
            {"id":"1","source":"s","detail-type":"t","detail":{},"resources":"r"} | malformed EventBridge event: "resources" must be an array of strings
            """)
    void handleRequest_whenEnvelopeMalformed_throwsNamingTheField(String input, String message) {
        ConsumerException e = assertThrows(ConsumerException.class,
                () -> invoke(new ConsumerHandler(sns, new ConsumerConfig(TOPIC)), input.getBytes(StandardCharsets.UTF_8)));

        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertEquals(0, sns.requests.size());
    }

    @Test
    void handleRequest_whenPublishFails_throwsWithTheEventIdAndCause() {
        sns.failing(1);

        ConsumerException e = assertThrows(ConsumerException.class,
                () -> invoke(new ConsumerHandler(sns, new ConsumerConfig(TOPIC)), Fixtures.bytes("consume.json")));

        assertEquals("publishing event " + EVENT_ID + " to " + TOPIC + " failed: Internal error from the fake", e.getMessage().split(" \\(")[0]);
        assertTrue(e.getCause() instanceof SnsException);
        assertEquals(1, sns.requests.size());
    }

    @Test
    void handleRequest_whenEventTooLargeForSns_throwsWithoutPublishing() {
        String detail = "{\"pad\":\"" + "x".repeat(ConsumerHandler.MAX_SNS_MESSAGE_BYTES) + "\"}";
        String event = "{\"id\":\"big-1\",\"source\":\"io.entest.demo\",\"detail-type\":\"service_status\",\"detail\":" + detail + "}";

        ConsumerException e = assertThrows(ConsumerException.class,
                () -> invoke(new ConsumerHandler(sns, new ConsumerConfig(TOPIC)), event.getBytes(StandardCharsets.UTF_8)));

        assertTrue(e.getMessage().startsWith("event big-1 is 262292 bytes as an SNS message; SNS Publish takes at most 262144"),
                e.getMessage());
        assertEquals(0, sns.requests.size());
    }

    @Test
    void handleRequest_whenEventHasUnknownFieldsAndHtml_publishesThemUnchanged() throws IOException {
        String event = "{\"id\":\"e-1\",\"source\":\"io.entest.demo\",\"detail-type\":\"service_status\",\"replay-name\":\"r\","
                + "\"detail\":{\"note\":\"<b>&</b>\",\"gone\":null}}";

        invoke(new ConsumerHandler(sns, new ConsumerConfig(TOPIC)), event.getBytes(StandardCharsets.UTF_8));

        assertEquals(event, sns.requests.get(0).message());
    }

    @Test
    void fromEnv_whenTopicArnMalformed_failsNamingTheVariable() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConsumerConfig.fromEnv(Map.of("TOPIC_ARN", "demo-topic")::get));

        assertTrue(e.getMessage().startsWith("environment variable TOPIC_ARN must be an SNS topic ARN"), e.getMessage());
    }

    @Test
    void beforeCheckpoint_whenRun_publishesNothingThroughTheHandlersClient() {
        ConsumerHandler handler = new ConsumerHandler(sns, new ConsumerConfig(TOPIC));

        handler.beforeCheckpoint(null);
        handler.afterRestore(null);

        assertEquals(0, sns.requests.size());
    }

    private static JsonObject invoke(ConsumerHandler handler, byte[] input) throws IOException {
        return invoke(handler, input, new FakeContext());
    }

    private static JsonObject invoke(ConsumerHandler handler, byte[] input, FakeContext context) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input), output, context);
        return JsonParser.parseString(output.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    }
}
