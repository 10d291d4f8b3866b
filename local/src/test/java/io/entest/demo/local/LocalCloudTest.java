package io.entest.demo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/** The local cloud end to end, through the AWS SDK's real clients over HTTP. */
class LocalCloudTest {

    @TempDir
    static Path state;

    private static CloudHarness harness;

    @BeforeAll
    static void start() {
        harness = new CloudHarness(state);
    }

    @AfterAll
    static void stop() {
        List<Long> pids = harness.functionPids();
        int port = harness.cloud.port();
        harness.close();
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "function JVM " + pid + " still running");
        }
        assertThrows(java.net.ConnectException.class, () -> new java.net.Socket("127.0.0.1", port).close(),
                "port " + port + " still open");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"produce.json", "produce-http.json", "produce-batch.json"})
    void producerFixture_whenInvokedThroughLambdaApi_everyEventReachesSnsWithItsDetail(String fixture) throws Exception {
        InvokeResponse response = harness.lambda.invoke(r -> r.functionName("ProducerFunction")
                .payload(SdkBytes.fromByteArray(CloudHarness.fixture(fixture))));

        assertNull(response.functionError(), response.payload().asUtf8String());
        JsonObject answer = JsonParser.parseString(response.payload().asUtf8String()).getAsJsonObject();
        assertEquals(202, answer.get("statusCode").getAsInt(), answer.toString());
        List<String> ids = new ArrayList<>();
        JsonParser.parseString(answer.get("body").getAsString()).getAsJsonObject().getAsJsonArray("eventIds")
                .forEach(id -> ids.add(id.getAsString()));
        List<JsonElement> expected = expectedDetails(fixture);
        assertEquals(expected.size(), ids.size());
        assertTrue(harness.cloud.trail().awaitSettled(ids, 60_000), harness.trailText());
        for (int i = 0; i < ids.size(); i++) {
            List<JsonObject> messages = harness.snsMessagesFor(ids.get(i));
            assertEquals(1, messages.size(), "SNS messages for " + ids.get(i) + "\n" + harness.trailText());
            JsonObject message = messages.get(0);
            JsonObject event = JsonParser.parseString(message.get("Message").getAsString()).getAsJsonObject();
            assertEquals(expected.get(i), event.get("detail"));
            assertEquals("io.entest.demo", event.get("source").getAsString());
            assertEquals("service_status", event.get("detail-type").getAsString());
            assertEquals("io.entest.demo", message.getAsJsonObject("MessageAttributes").getAsJsonObject("source").get("Value").getAsString());
            assertEquals("service_status",
                    message.getAsJsonObject("MessageAttributes").getAsJsonObject("detail-type").get("Value").getAsString());
        }
    }

    private static List<JsonElement> expectedDetails(String fixture) {
        JsonObject request = JsonParser.parseString(new String(CloudHarness.fixture(fixture), StandardCharsets.UTF_8)).getAsJsonObject();
        JsonElement body = request.get("body");
        if (body.isJsonPrimitive()) {
            body = JsonParser.parseString(body.getAsString());
        }
        return body.isJsonArray() ? body.getAsJsonArray().asList() : List.of(body);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            bad-no-body.json                | 400 | request has no "body"
            bad-body-not-json.json          | 400 | body is not valid JSON
            bad-body-string.json            | 400 | body must be a JSON object or an array of objects
            bad-body-array-non-object.json  | 400 | body[1] must be a JSON object
            bad-body-empty-array.json       | 400 | body is an empty array: nothing to send
            bad-base64.json                 | 400 | body is marked isBase64Encoded but is not valid base64
            bad-entry-too-large.json        | 413 | body[0] makes an event of 1048657 bytes
            """)
    void producerBadFixture_whenInvoked_answersTheErrorAndPutsNothing(String fixture, int status, String error) {
        int before = harness.snsMessages().size();
        String trailBefore = harness.trailText();

        InvokeResponse response = harness.lambda.invoke(r -> r.functionName("ProducerFunction")
                .payload(SdkBytes.fromByteArray(CloudHarness.fixture(fixture))));

        JsonObject answer = JsonParser.parseString(response.payload().asUtf8String()).getAsJsonObject();
        assertEquals(status, answer.get("statusCode").getAsInt());
        JsonObject body = JsonParser.parseString(answer.get("body").getAsString()).getAsJsonObject();
        assertTrue(body.get("error").getAsString().startsWith(error), body.toString());
        assertEquals(0, body.getAsJsonArray("eventIds").size());
        String added = harness.trailText().substring(trailBefore.length());
        assertFalse(added.matches("(?s).*(^|\n)event .*"), "no event may reach the bus:\n" + added);
        assertEquals(before, harness.snsMessages().size());
    }

    @Test
    void functionUrl_whenPostedJson_invokesTheProducerWithAnHttpEventAndAnswersItsResponse() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(harness.cloud.endpoint() + "/lambda-url/ProducerFunction/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"curl\",\"status\":\"healthy\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals("application/json", accepted.headers().firstValue("Content-Type").orElse(""));
        String id = JsonParser.parseString(accepted.body()).getAsJsonObject().getAsJsonArray("eventIds").get(0).getAsString();
        assertTrue(harness.cloud.trail().awaitSettled(List.of(id), 60_000), harness.trailText());
        JsonObject event = JsonParser.parseString(harness.snsMessagesFor(id).get(0).get("Message").getAsString()).getAsJsonObject();
        assertEquals(JsonParser.parseString("{\"service\":\"curl\",\"status\":\"healthy\"}"), event.get("detail"));

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(harness.cloud.endpoint() + "/lambda-url/ProducerFunction/"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode());
        assertEquals("body is an empty array: nothing to send",
                JsonParser.parseString(refused.body()).getAsJsonObject().get("error").getAsString());

        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(harness.cloud.endpoint() + "/lambda-url/ConsumerFunction/"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, none.statusCode());
        assertTrue(none.body().contains("the template gives one to ProducerFunction"), none.body());
    }

    @Test
    void consumer_whenInvokedWithTheEnvelopeFixture_publishesAndAnswersTheMessageId() {
        InvokeResponse response = harness.lambda.invoke(r -> r.functionName("ConsumerFunction")
                .payload(SdkBytes.fromByteArray(CloudHarness.fixture("consume.json"))));

        assertNull(response.functionError(), response.payload().asUtf8String());
        JsonObject answer = JsonParser.parseString(response.payload().asUtf8String()).getAsJsonObject();
        List<JsonObject> messages = harness.snsMessagesFor("6a7e8feb-b491-4cf7-a9f1-bf3703467718");
        assertFalse(messages.isEmpty());
        assertEquals(answer.get("messageId").getAsString(), messages.get(messages.size() - 1).get("MessageId").getAsString());
    }

    @Test
    void consumer_whenEnvelopeHasNoDetail_answersAnUnhandledErrorNamingDetail() {
        InvokeResponse response = harness.lambda.invoke(r -> r.functionName("ConsumerFunction")
                .payload(SdkBytes.fromByteArray(CloudHarness.fixture("bad-consume-no-detail.json"))));

        assertEquals("Unhandled", response.functionError());
        JsonObject error = JsonParser.parseString(response.payload().asUtf8String()).getAsJsonObject();
        assertEquals("io.entest.demo.consumer.ConsumerException", error.get("errorType").getAsString());
        assertEquals("malformed EventBridge event: \"detail\" must be a JSON object; got nothing", error.get("errorMessage").getAsString());
    }

    @Test
    void invoke_whenFunctionUnknown_answersResourceNotFound() {
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                () -> harness.lambda.invoke(r -> r.functionName("NoSuchFunction").payload(SdkBytes.fromUtf8String("{}"))));

        assertTrue(e.getMessage().contains("Function not found: arn:aws:lambda:us-east-1:000000000000:function:NoSuchFunction"));
    }

    @Test
    void invoke_whenEventType_answers202AndDeliversAsynchronously() throws Exception {
        int before = harness.snsMessagesFor("6a7e8feb-b491-4cf7-a9f1-bf3703467718").size();

        InvokeResponse response = harness.lambda.invoke(r -> r.functionName("ConsumerFunction").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromByteArray(CloudHarness.fixture("consume.json"))));

        assertEquals(202, response.statusCode());
        long deadline = System.currentTimeMillis() + 30_000;
        while (harness.snsMessagesFor("6a7e8feb-b491-4cf7-a9f1-bf3703467718").size() == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(before + 1, harness.snsMessagesFor("6a7e8feb-b491-4cf7-a9f1-bf3703467718").size());
    }

    @Test
    void putEvents_whenStraightOntoTheBus_onlyMatchingEventsReachTheConsumer() throws Exception {
        PutEventsResponse response = harness.eventBridge.putEvents(r -> r.entries(
                entry("local-bus", "io.entest.demo", "{\"case\":\"match\"}"),
                entry("local-bus", "io.entest.other", "{\"case\":\"other source\"}"),
                entry("default", "io.entest.demo", "{\"case\":\"default bus has no rule\"}"),
                entry("arn:aws:events:us-east-1:000000000000:event-bus/local-bus", "io.entest.demo", "{\"case\":\"bus by ARN\"}")));

        assertEquals(0, response.failedEntryCount());
        List<String> ids = response.entries().stream().map(PutEventsResultEntry::eventId).toList();
        assertTrue(harness.cloud.trail().awaitSettled(ids, 60_000), harness.trailText());
        assertEquals(1, harness.snsMessagesFor(ids.get(0)).size());
        assertEquals(0, harness.snsMessagesFor(ids.get(1)).size());
        assertEquals(List.of(), harness.cloud.trail().event(ids.get(1)).rules());
        assertEquals(0, harness.snsMessagesFor(ids.get(2)).size());
        assertEquals(1, harness.snsMessagesFor(ids.get(3)).size());
        assertEquals(List.of("ConsumerFunctionStatusEvent"), harness.cloud.trail().event(ids.get(3)).rules());
    }

    @Test
    void putEvents_whenElevenEntries_refusesTheRequest() {
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            entries.add(entry("local-bus", "io.entest.demo", "{\"n\":" + i + "}"));
        }

        EventBridgeException e = assertThrows(EventBridgeException.class, () -> harness.eventBridge.putEvents(r -> r.entries(entries)));

        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage().contains("less than or equal to 10"), e.getMessage());
    }

    @Test
    void putEvents_whenOverOneMegabyte_refusesTheRequest() {
        String half = "{\"pad\":\"" + "x".repeat(600_000) + "\"}";

        EventBridgeException e = assertThrows(EventBridgeException.class, () -> harness.eventBridge.putEvents(r -> r.entries(
                entry("local-bus", "io.entest.demo", half), entry("local-bus", "io.entest.demo", half))));

        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage().startsWith("Total size of the entries in the request is over the limit"), e.getMessage());
    }

    @Test
    void putEvents_whenEntriesInvalid_failsEachWithEventBridgesCode() {
        PutEventsResponse response = harness.eventBridge.putEvents(r -> r.entries(
                entry("local-bus", "io.entest.demo", "[1,2]"),
                entry("local-bus", "io.entest.demo", "\"text\""),
                entry("local-bus", "io.entest.demo", "{not json"),
                PutEventsRequestEntry.builder().eventBusName("local-bus").detailType("t").detail("{}").build(),
                PutEventsRequestEntry.builder().eventBusName("local-bus").source("s").detail("{}").build(),
                PutEventsRequestEntry.builder().eventBusName("local-bus").source("s").detailType("t").build(),
                entry("no-such-bus", "io.entest.demo", "{}"),
                entry("local-bus", "io.entest.demo", "{\"ok\":true}")));

        assertEquals(7, response.failedEntryCount());
        List<String> codes = response.entries().stream().map(PutEventsResultEntry::errorCode).toList();
        assertEquals(java.util.Arrays.asList("MalformedDetail", "MalformedDetail", "MalformedDetail", "InvalidArgument",
                "InvalidArgument", "InvalidArgument", "ResourceNotFoundException", null), codes);
        assertEquals("Parameter Source is not valid. Reason: Source is a required argument.", response.entries().get(3).errorMessage());
        assertEquals("Event bus no-such-bus does not exist.", response.entries().get(6).errorMessage());
        assertTrue(response.entries().get(7).eventId() != null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            equals             | {"source":["io.entest.demo"]}                                      | {"source":"io.entest.demo"}                      | {"source":"io.entest.other"}
            prefix             | {"detail":{"service":[{"prefix":"check"}]}}                       | {"detail":{"service":"checkout"}}                | {"detail":{"service":"payments"}}
            suffix             | {"detail":{"file":[{"suffix":".png"}]}}                           | {"detail":{"file":"a.png"}}                      | {"detail":{"file":"a.jpg"}}
            anything-but       | {"detail":{"status":[{"anything-but":["healthy"]}]}}               | {"detail":{"status":"degraded"}}                 | {"detail":{"status":"healthy"}}
            numeric            | {"detail":{"latencyMs":[{"numeric":[">",100,"<=",1000]}]}}         | {"detail":{"latencyMs":870}}                     | {"detail":{"latencyMs":42}}
            exists             | {"detail":{"error":[{"exists":true}]}}                             | {"detail":{"error":"boom"}}                      | {"detail":{"ok":true}}
            not-exists         | {"detail":{"error":[{"exists":false}]}}                            | {"detail":{"ok":true}}                           | {"detail":{"error":"boom"}}
            cidr               | {"detail":{"ip":[{"cidr":"10.0.0.0/24"}]}}                         | {"detail":{"ip":"10.0.0.42"}}                    | {"detail":{"ip":"10.0.1.42"}}
            wildcard           | {"detail":{"path":[{"wildcard":"/orders/*/items"}]}}               | {"detail":{"path":"/orders/7/items"}}            | {"detail":{"path":"/orders/7/refunds"}}
            equals-ignore-case | {"detail":{"status":[{"equals-ignore-case":"HEALTHY"}]}}           | {"detail":{"status":"Healthy"}}                  | {"detail":{"status":"ill"}}
            or                 | {"$or":[{"detail":{"status":["degraded"]}},{"detail":{"latencyMs":[{"numeric":[">",500]}]}}]} | {"detail":{"status":"healthy","latencyMs":900}} | {"detail":{"status":"healthy","latencyMs":40}}
            """)
    void testEventPattern_whenOperatorUsed_matchesTheMatchingEventOnly(String operator, String pattern, String matching, String other) {
        assertTrue(harness.eventBridge.testEventPattern(r -> r.eventPattern(pattern).event(event(matching))).result(), operator);
        assertFalse(harness.eventBridge.testEventPattern(r -> r.eventPattern(pattern).event(event(other))).result(), operator);
    }

    @Test
    void testEventPattern_whenPatternInvalid_answersInvalidEventPattern() {
        EventBridgeException e = assertThrows(EventBridgeException.class, () -> harness.eventBridge.testEventPattern(r -> r
                .eventPattern("{\"detail\":{\"n\":[{\"numeric\":[\"<<\",1]}]}}").event(event("{}"))));

        assertEquals("InvalidEventPatternException", e.awsErrorDetails().errorCode());
    }

    @Test
    void listCalls_whenAsked_describeTheTemplatesBusRuleAndTarget() {
        assertEquals(List.of("default", "local-bus"),
                harness.eventBridge.listEventBuses(r -> r.build()).eventBuses().stream().map(b -> b.name()).toList());
        var rule = harness.eventBridge.describeRule(r -> r.name("ConsumerFunctionStatusEvent").eventBusName("local-bus"));
        assertEquals("{\"source\":[\"io.entest.demo\"]}", rule.eventPattern());
        var target = harness.eventBridge.listTargetsByRule(r -> r.rule("ConsumerFunctionStatusEvent").eventBusName("local-bus"))
                .targets().get(0);
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:ConsumerFunction", target.arn());
        assertEquals(185, target.retryPolicy().maximumRetryAttempts());
        assertEquals("arn:aws:sqs:us-east-1:000000000000:local-RuleDeadLetterQueue", target.deadLetterConfig().arn());
        assertEquals(List.of("arn:aws:sns:us-east-1:000000000000:local-Topic"),
                harness.sns.listTopics().topics().stream().map(t -> t.topicArn()).toList());
    }

    @Test
    void publish_whenTopicUnknown_answersNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> harness.sns.publish(r -> r.topicArn("arn:aws:sns:us-east-1:000000000000:nope").message("m")));

        assertEquals("NotFound", e.awsErrorDetails().errorCode());
    }

    @Test
    void rawRequest_whenOperationUnknownOrBodyTooLarge_answersAnAwsShapedError() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(harness.cloud.endpoint() + "/"))
                .header("X-Amz-Target", "AWSEvents.CreateEventBus").header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unknown.statusCode());
        assertEquals("UnknownOperationException", JsonParser.parseString(unknown.body()).getAsJsonObject().get("__type").getAsString());

        HttpResponse<String> garbage = http.send(HttpRequest.newBuilder(URI.create(harness.cloud.endpoint() + "/"))
                .header("X-Amz-Target", "AWSEvents.PutEvents").POST(HttpRequest.BodyPublishers.ofString("not json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, garbage.statusCode());
        assertEquals("SerializationException", JsonParser.parseString(garbage.body()).getAsJsonObject().get("__type").getAsString());

        HttpResponse<String> snsUnknown = http.send(HttpRequest.newBuilder(URI.create(harness.cloud.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=CreateTopic&Name=x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, snsUnknown.statusCode());
        assertTrue(snsUnknown.body().contains("<Code>InvalidAction</Code>"), snsUnknown.body());

        HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(URI.create(harness.cloud.endpoint() + "/"))
                .header("X-Amz-Target", "AWSEvents.PutEvents")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[8 * 1024 * 1024])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooLarge.statusCode());
        assertEquals("RequestEntityTooLargeException", JsonParser.parseString(tooLarge.body()).getAsJsonObject().get("__type").getAsString());
    }

    private static PutEventsRequestEntry entry(String bus, String source, String detail) {
        return PutEventsRequestEntry.builder().eventBusName(bus).source(source).detailType("service_status").detail(detail).build();
    }

    /** A full envelope around the given fields, as TestEventPattern requires. */
    private static String event(String fields) {
        JsonObject event = JsonParser.parseString("{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"service_status\","
                + "\"source\":\"io.entest.demo\",\"account\":\"000000000000\",\"time\":\"2026-12-04T10:00:00Z\","
                + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":{}}").getAsJsonObject();
        JsonObject extra = JsonParser.parseString(fields).getAsJsonObject();
        for (var field : extra.entrySet()) {
            event.add(field.getKey(), field.getValue());
        }
        return event.toString();
    }

}
