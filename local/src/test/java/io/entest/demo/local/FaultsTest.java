package io.entest.demo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** With production's failures injected, every one of 200 events is accounted for: in SNS, in a dead-letter file, or reported. */
class FaultsTest {

    private static final int EVENTS = 200;

    @Test
    void faults_whenThrottledSnsFailingAndAConsumerKilled_everyEventIsInSnsOrADeadLetterOrReported(@TempDir Path state) throws Exception {
        Options options = Options.defaults(CloudHarness.TEMPLATE, state)
                .withFaults(1.0 / 3, 0, 2, Map.of("ConsumerFunction", 1), 2);
        try (CloudHarness harness = new CloudHarness(state, options)) {
            StringBuilder body = new StringBuilder("{\"body\":[");
            for (int i = 0; i < EVENTS; i++) {
                body.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append('}');
            }
            InvokeResponse response = harness.lambda.invoke(r -> r.functionName("ProducerFunction")
                    .payload(SdkBytes.fromUtf8String(body.append("]}").toString())));

            JsonObject answer = JsonParser.parseString(response.payload().asUtf8String()).getAsJsonObject();
            JsonObject result = JsonParser.parseString(answer.get("body").getAsString()).getAsJsonObject();
            List<String> ids = new ArrayList<>();
            result.getAsJsonArray("eventIds").forEach(id -> ids.add(id.getAsString()));
            Set<Integer> reportedFailed = new HashSet<>();
            for (JsonElement failure : result.getAsJsonArray("failed")) {
                assertEquals("ThrottlingException", failure.getAsJsonObject().get("errorCode").getAsString());
                reportedFailed.add(failure.getAsJsonObject().get("index").getAsInt());
            }
            assertEquals(EVENTS, ids.size() + reportedFailed.size(), "every entry has an id or is reported failed");
            assertEquals(reportedFailed.isEmpty() ? 202 : 502, answer.get("statusCode").getAsInt());
            assertTrue(countOf(harness.trailText(), "PutEvents entry refused  bus local-bus  ThrottlingException") > 0,
                    "a third of the entries must have been throttled at least once");

            assertTrue(harness.cloud.trail().awaitSettled(ids, 240_000), "not every event settled:\n" + harness.trailText());

            Map<String, Integer> snsCount = new HashMap<>();
            Set<Integer> deliveredNumbers = new HashSet<>();
            for (JsonObject message : harness.snsMessages()) {
                JsonObject event = JsonParser.parseString(message.get("Message").getAsString()).getAsJsonObject();
                snsCount.merge(event.get("id").getAsString(), 1, Integer::sum);
                deliveredNumbers.add(event.getAsJsonObject("detail").get("n").getAsInt());
            }
            Set<String> deadLettered = new HashSet<>();
            Set<Integer> deadLetteredNumbers = new HashSet<>();
            for (String queue : List.of("local-ConsumerFailureQueue", "local-RuleDeadLetterQueue")) {
                for (JsonObject record : harness.deadLetters(queue)) {
                    JsonObject event = record.has("requestPayload") ? record.getAsJsonObject("requestPayload") : record.getAsJsonObject("event");
                    deadLettered.add(event.get("id").getAsString());
                    deadLetteredNumbers.add(event.getAsJsonObject("detail").get("n").getAsInt());
                }
            }
            List<String> missing = ids.stream().filter(id -> !snsCount.containsKey(id) && !deadLettered.contains(id)).toList();
            assertEquals(List.of(), missing, "events neither in SNS nor in a dead-letter file");
            for (String id : ids) {
                assertTrue(snsCount.getOrDefault(id, 0) >= 1 || deadLettered.contains(id));
            }
            for (int n = 0; n < EVENTS; n++) {
                assertTrue(deliveredNumbers.contains(n) || reportedFailed.contains(n) || deadLetteredNumbers.contains(n),
                        "body[" + n + "] is neither in SNS, nor in a dead-letter file, nor reported failed");
            }

            String trail = harness.trailText();
            assertEquals(2, countOf(trail, "Publish failed: InternalError (injected)"), trail);
            assertTrue(trail.contains("(Runtime.ExitError)"), "the killed consumer's invoke must show as an exit error:\n" + trail);
            assertTrue(Files.readString(state.resolve("logs/ConsumerFunction.log")).contains("fault injected: killing this JVM"));
        }
        assertEquals(List.of(), LocalCloudCommandTest.functionJvms());
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
