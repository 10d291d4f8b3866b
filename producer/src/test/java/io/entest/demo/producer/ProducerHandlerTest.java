package io.entest.demo.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.entest.demo.producer.ProducerConfig.RetrySettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

class ProducerHandlerTest {

    private static final RetrySettings FAST_RETRY =
            new RetrySettings(4, Duration.ofMillis(1), Duration.ofMillis(4), Duration.ZERO);
    private static final ProducerConfig CONFIG =
            new ProducerConfig("demo-bus", "io.entest.demo", "service_status", FAST_RETRY);

    private final FakeEventBridge eventBridge = new FakeEventBridge();
    private final ProducerHandler handler = new ProducerHandler(eventBridge, CONFIG);

    @Test
    void handleRequest_whenOneObject_putsOneEventAndAnswers202() throws IOException {
        JsonObject response = invoke(Fixtures.bytes("produce.json"));

        assertEquals(202, response.get("statusCode").getAsInt());
        assertEquals("application/json", response.getAsJsonObject("headers").get("content-type").getAsString());
        JsonObject body = body(response);
        assertEquals("producer", body.get("message").getAsString());
        assertEquals(List.of("id-0"), strings(body.getAsJsonArray("eventIds")));
        assertEquals(0, body.getAsJsonArray("failed").size());
        assertEquals(1, eventBridge.requests.size());
        PutEventsRequestEntry entry = eventBridge.requests.get(0).entries().get(0);
        assertEquals("demo-bus", entry.eventBusName());
        assertEquals("io.entest.demo", entry.source());
        assertEquals("service_status", entry.detailType());
        JsonElement expected = JsonParser.parseString(new String(Fixtures.bytes("produce.json"), StandardCharsets.UTF_8))
                .getAsJsonObject().get("body");
        assertEquals(expected, JsonParser.parseString(entry.detail()));
        assertTrue(entry.detail().contains("<p>html & quotes"), "Detail is written without HTML escaping: " + entry.detail());
    }

    @Test
    void handleRequest_whenFunctionUrlEvent_putsTheStringBodyAsDetail() throws IOException {
        JsonObject response = invoke(Fixtures.bytes("produce-http.json"));

        assertEquals(202, response.get("statusCode").getAsInt());
        PutEventsRequestEntry entry = eventBridge.requests.get(0).entries().get(0);
        assertEquals(JsonParser.parseString("{\"service\":\"payments\",\"status\":\"degraded\",\"latencyMs\":870,"
                + "\"reason\":\"p99 over budget\"}"), JsonParser.parseString(entry.detail()));
    }

    @Test
    void handleRequest_whenBase64Body_decodesIt() throws IOException {
        String encoded = java.util.Base64.getEncoder().encodeToString("[{\"a\":1},{\"b\":2}]".getBytes(StandardCharsets.UTF_8));
        JsonObject response = invoke(("{\"body\":\"" + encoded + "\",\"isBase64Encoded\":true}").getBytes(StandardCharsets.UTF_8));

        assertEquals(202, response.get("statusCode").getAsInt());
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"),
                eventBridge.requests.get(0).entries().stream().map(PutEventsRequestEntry::detail).toList());
    }

    @Test
    void handleRequest_whenBatchFixture_putsEveryObjectInOrder() throws IOException {
        JsonObject response = invoke(Fixtures.bytes("produce-batch.json"));

        assertEquals(202, response.get("statusCode").getAsInt());
        assertEquals(List.of("id-0", "id-1", "id-2"), strings(body(response).getAsJsonArray("eventIds")));
        assertEquals(List.of("checkout", "payments", "search"), eventBridge.requests.get(0).entries().stream()
                .map(e -> JsonParser.parseString(e.detail()).getAsJsonObject().get("service").getAsString()).toList());
    }

    @Test
    void handleRequest_when25Objects_makesThreeCallsOfAtMostTen() throws IOException {
        String body = IntStream.range(0, 25).mapToObj(i -> "{\"n\":" + i + "}")
                .reduce((a, b) -> a + "," + b).orElseThrow();
        JsonObject response = invoke(("{\"body\":[" + body + "]}").getBytes(StandardCharsets.UTF_8));

        assertEquals(202, response.get("statusCode").getAsInt());
        assertEquals(List.of(10, 10, 5), eventBridge.requests.stream().map(r -> r.entries().size()).toList());
        assertEquals(25, body(response).getAsJsonArray("eventIds").size());
        assertEquals("{\"n\":24}", eventBridge.requests.get(2).entries().get(4).detail());
    }

    @Test
    void handleRequest_whenEntriesCrossOneMegabyte_splitsBeforeTheLimit() throws IOException {
        // Each entry is 300,000 bytes of Detail plus Source and DetailType: three fit in 1 MB, four do not.
        String big = "{\"pad\":\"" + "x".repeat(300_000 - 10) + "\"}";
        String body = IntStream.range(0, 5).mapToObj(i -> big).reduce((a, b) -> a + "," + b).orElseThrow();
        JsonObject response = invoke(("{\"body\":[" + body + "]}").getBytes(StandardCharsets.UTF_8));

        assertEquals(202, response.get("statusCode").getAsInt());
        assertEquals(List.of(3, 2), eventBridge.requests.stream().map(r -> r.entries().size()).toList());
        for (PutEventsRequest request : eventBridge.requests) {
            int bytes = request.entries().stream().mapToInt(EventBatcher::entrySize).sum();
            assertTrue(bytes <= EventBatcher.MAX_REQUEST_BYTES, "request of " + bytes + " bytes");
        }
    }

    @Test
    void handleRequest_whenSomeEntriesThrottledOrInternalFailure_resendsOnlyThose() throws IOException {
        eventBridge.then(request -> PutEventsResponse.builder().failedEntryCount(3).entries(
                eventBridge.success(),
                FakeEventBridge.failure("ThrottlingException"),
                FakeEventBridge.failure("InternalFailure"),
                FakeEventBridge.failure("MalformedDetail"),
                eventBridge.success()).build());

        JsonObject response = invoke(fiveObjects());

        assertEquals(2, eventBridge.requests.size());
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"),
                eventBridge.requests.get(1).entries().stream().map(PutEventsRequestEntry::detail).toList());
        assertEquals(502, response.get("statusCode").getAsInt());
        JsonObject body = body(response);
        assertEquals(List.of("id-0", "id-2", "id-3", "id-1"), strings(body.getAsJsonArray("eventIds")),
                "ids in body order: entry 1 got id-2 and entry 2 got id-3 on the resend");
        JsonArray failed = body.getAsJsonArray("failed");
        assertEquals(1, failed.size());
        assertEquals(3, failed.get(0).getAsJsonObject().get("index").getAsInt());
        assertEquals("MalformedDetail", failed.get(0).getAsJsonObject().get("errorCode").getAsString());
        assertEquals("MalformedDetail from the fake", failed.get(0).getAsJsonObject().get("errorMessage").getAsString());
    }

    @Test
    void handleRequest_whenThrottledOnEveryAttempt_answers502ListingTheEntry() throws IOException {
        for (int i = 0; i < FAST_RETRY.maxAttempts(); i++) {
            boolean first = i == 0;
            eventBridge.then(request -> PutEventsResponse.builder().failedEntryCount(1).entries(
                    first ? List.of(FakeEventBridge.failure("ThrottlingException"), eventBridge.success())
                            : List.of(FakeEventBridge.failure("ThrottlingException"))).build());
        }

        JsonObject response = invoke("{\"body\":[{\"a\":1},{\"b\":2}]}".getBytes(StandardCharsets.UTF_8));

        assertEquals(FAST_RETRY.maxAttempts(), eventBridge.requests.size());
        assertEquals(502, response.get("statusCode").getAsInt());
        JsonObject body = body(response);
        assertEquals(List.of("id-0"), strings(body.getAsJsonArray("eventIds")));
        JsonObject failure = body.getAsJsonArray("failed").get(0).getAsJsonObject();
        assertEquals(0, failure.get("index").getAsInt());
        assertEquals("ThrottlingException", failure.get("errorCode").getAsString());
    }

    @Test
    void handleRequest_whenTooLittleTimeLeft_doesNotResend() throws IOException {
        ProducerHandler patient = new ProducerHandler(eventBridge, new ProducerConfig("demo-bus", "io.entest.demo",
                "service_status", new RetrySettings(6, Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofSeconds(5))));
        eventBridge.then(request -> PutEventsResponse.builder().failedEntryCount(1)
                .entries(FakeEventBridge.failure("InternalFailure")).build());

        JsonObject response = invoke(patient, "{\"body\":{\"a\":1}}".getBytes(StandardCharsets.UTF_8), new FakeContext(3_000));

        assertEquals(1, eventBridge.requests.size());
        assertEquals(502, response.get("statusCode").getAsInt());
        assertEquals("InternalFailure",
                body(response).getAsJsonArray("failed").get(0).getAsJsonObject().get("errorCode").getAsString());
    }

    @Test
    void handleRequest_whenTheCallItselfFails_reportsEveryEntryOfTheBatch() throws IOException {
        eventBridge.then(request -> {
            throw SdkClientException.create("Unable to execute HTTP request: connection refused");
        });

        JsonObject response = invoke(fiveObjects());

        assertEquals(502, response.get("statusCode").getAsInt());
        JsonArray failed = body(response).getAsJsonArray("failed");
        assertEquals(5, failed.size());
        assertEquals("SdkClientException", failed.get(4).getAsJsonObject().get("errorCode").getAsString());
        assertTrue(failed.get(4).getAsJsonObject().get("errorMessage").getAsString().contains("connection refused"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            bad-no-body.json                | 400 | request has no "body"
            bad-body-not-json.json          | 400 | body is not valid JSON
            bad-body-string.json            | 400 | body must be a JSON object or an array of objects (EventBridge Detail is an object); got a string
            bad-body-array-non-object.json  | 400 | body[1] must be a JSON object (EventBridge Detail is an object); got a string
            bad-body-empty-array.json       | 400 | body is an empty array: nothing to send
            bad-base64.json                 | 400 | body is marked isBase64Encoded but is not valid base64
            bad-entry-too-large.json        | 413 | body[0] makes an event of 1048657 bytes; EventBridge takes at most 1048576 bytes
            """)
    void handleRequest_whenBadFixture_answersErrorAndSendsNothing(String fixture, int status, String error) throws IOException {
        JsonObject response = invoke(Fixtures.bytes(fixture));

        assertEquals(status, response.get("statusCode").getAsInt());
        String message = body(response).get("error").getAsString();
        assertTrue(message.startsWith(error), "error was: " + message);
        assertEquals(0, eventBridge.requests.size());
    }

    @Test
    void handleRequest_whenRequestIsNotJson_answers400() throws IOException {
        JsonObject response = invoke("status=ok".getBytes(StandardCharsets.UTF_8));

        assertEquals(400, response.get("statusCode").getAsInt());
        assertTrue(body(response).get("error").getAsString().startsWith("request is not valid JSON"));
        assertEquals(0, eventBridge.requests.size());
    }

    @Test
    void handleRequest_whenAnswering_logsTheOutcome() throws IOException {
        FakeContext context = new FakeContext();
        invoke(handler, Fixtures.bytes("bad-body-empty-array.json"), context);

        assertEquals(List.of("ERROR producer answered 400: body is an empty array: nothing to send"), context.logLines);
    }

    @Test
    void handleRequest_whenSomeFail_logsCountsAndTheFailuresNotTheWholeAnswer() throws IOException {
        eventBridge.then(request -> PutEventsResponse.builder().failedEntryCount(1).entries(
                eventBridge.success(), FakeEventBridge.failure("MalformedDetail"), eventBridge.success(),
                eventBridge.success(), eventBridge.success()).build());
        FakeContext context = new FakeContext();

        invoke(handler, fiveObjects(), context);

        assertEquals(List.of("ERROR producer answered 502: 4 events put, 1 failed: "
                + "{\"index\":1,\"errorCode\":\"MalformedDetail\",\"errorMessage\":\"MalformedDetail from the fake\"}"), context.logLines);
    }

    private static byte[] fiveObjects() {
        return "{\"body\":[{\"n\":0},{\"n\":1},{\"n\":2},{\"n\":3},{\"n\":4}]}".getBytes(StandardCharsets.UTF_8);
    }

    private JsonObject invoke(byte[] input) throws IOException {
        return invoke(handler, input, new FakeContext());
    }

    private static JsonObject invoke(ProducerHandler handler, byte[] input, FakeContext context) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input), output, context);
        return JsonParser.parseString(output.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    }

    static JsonObject body(JsonObject response) {
        return JsonParser.parseString(response.get("body").getAsString()).getAsJsonObject();
    }

    private static List<String> strings(JsonArray array) {
        return array.asList().stream().map(JsonElement::getAsString).toList();
    }

}
