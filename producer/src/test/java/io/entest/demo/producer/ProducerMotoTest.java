package io.entest.demo.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The producer with its real SDK client, over HTTP, against moto: the event must come out of a rule's SQS target. */
class ProducerMotoTest {

    private static final String PATTERN = "{\"source\":[\"io.entest.demo\"]}";

    private static MotoServer moto;
    private static EventBridgeClient eventBridge;
    private static SqsClient sqs;

    @BeforeAll
    static void startMoto() throws Exception {
        Optional<Path> executable = MotoServer.executable();
        if (executable.isEmpty()) {
            System.out.println("SKIPPED ProducerMotoTest: moto_server is not on PATH (pip install 'moto[server]' to run it)");
        }
        Assumptions.assumeTrue(executable.isPresent(), "moto_server is not on PATH");
        moto = MotoServer.start(executable.get());
        eventBridge = EventBridgeClient.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (moto != null) {
            eventBridge.close();
            sqs.close();
            moto.close();
        }
    }

    @Test
    void handleRequest_whenRealClientOnCustomBus_deliversDetailThroughARuleToSqs() throws Exception {
        String queueUrl = ruleToQueue("demo-bus", "producer-custom-bus");
        ProducerHandler handler = new ProducerHandler(eventBridge, new ProducerConfig("demo-bus", "io.entest.demo",
                "service_status", ProducerConfig.RetrySettings.DEFAULT));

        JsonObject response = invoke(handler, Fixtures.bytes("produce.json"));

        assertEquals(202, response.get("statusCode").getAsInt(), response.toString());
        String eventId = ProducerHandlerTest.body(response).getAsJsonArray("eventIds").get(0).getAsString();
        JsonObject event = JsonParser.parseString(receiveOne(queueUrl).body()).getAsJsonObject();
        assertEquals(eventId, event.get("id").getAsString());
        assertEquals("io.entest.demo", event.get("source").getAsString());
        assertEquals("service_status", event.get("detail-type").getAsString());
        assertEquals(requestBody("produce.json"), event.get("detail"));
    }

    @Test
    void publicConstructor_whenEndpointComesFromTheStandardSetting_putsOnTheDefaultBus() throws Exception {
        String queueUrl = ruleToQueue("default", "producer-default-bus");
        String[][] settings = {{"aws.endpointUrl", moto.endpoint().toString()}, {"aws.region", MotoServer.REGION.id()},
                {"aws.accessKeyId", "testing"}, {"aws.secretAccessKey", "testing"}};
        List<String> previous = new ArrayList<>();
        for (String[] setting : settings) {
            previous.add(System.setProperty(setting[0], setting[1]));
        }
        JsonObject response;
        try {
            response = invoke(new ProducerHandler(), Fixtures.bytes("produce-batch.json"));
        } finally {
            for (int i = 0; i < settings.length; i++) {
                if (previous.get(i) == null) {
                    System.clearProperty(settings[i][0]);
                } else {
                    System.setProperty(settings[i][0], previous.get(i));
                }
            }
        }

        assertEquals(202, response.get("statusCode").getAsInt(), response.toString());
        List<JsonElement> details = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            details.add(JsonParser.parseString(receiveOne(queueUrl).body()).getAsJsonObject().get("detail"));
        }
        List<JsonElement> expected = requestBody("produce-batch.json").getAsJsonArray().asList();
        assertEquals(expected.size(), details.size());
        assertEquals(true, details.containsAll(expected), "received " + details);
    }

    private static String ruleToQueue(String bus, String name) {
        if (!"default".equals(bus)) {
            eventBridge.createEventBus(r -> r.name(bus));
        }
        String queueUrl = sqs.createQueue(r -> r.queueName(name)).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        eventBridge.putRule(r -> r.name(name).eventBusName(bus).eventPattern(PATTERN));
        eventBridge.putTargets(r -> r.rule(name).eventBusName(bus).targets(Target.builder().id("queue").arn(queueArn).build()));
        return queueUrl;
    }

    private static Message receiveOne(String queueUrl) {
        for (int attempt = 0; attempt < 20; attempt++) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(1)).messages();
            if (!messages.isEmpty()) {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(messages.get(0).receiptHandle()));
                return messages.get(0);
            }
        }
        throw new AssertionError("no message arrived on " + queueUrl);
    }

    private static JsonElement requestBody(String fixture) {
        return JsonParser.parseString(new String(Fixtures.bytes(fixture), StandardCharsets.UTF_8)).getAsJsonObject().get("body");
    }

    private static JsonObject invoke(ProducerHandler handler, byte[] input) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input), output, new FakeContext());
        return JsonParser.parseString(output.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    }
}
