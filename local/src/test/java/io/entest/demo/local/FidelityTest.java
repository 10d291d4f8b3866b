package io.entest.demo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** What fails in production fails locally too: SnapStart hooks, async retries, dead letters, timeouts, throttles. */
class FidelityTest {

    @TempDir
    static Path dir;

    private static CloudHarness harness;

    static Path writeTemplate(Path dir) throws Exception {
        FixtureFunctions.build(dir.resolve("fixture"));
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, """
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function:
                    Runtime: java25
                    CodeUri: fixture
                    MemorySize: 256
                    Timeout: 10
                Resources:
                  Bus:
                    Type: AWS::Events::EventBus
                    Properties:
                      Name: fidelity-bus
                  FailureQueue:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName: consumer-failures
                  HooksFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: fixture.Hooks::handleRequest
                      AutoPublishAlias: live
                      SnapStart:
                        ApplyOn: PublishedVersions
                      Environment:
                        Variables:
                          HOOK_LOG: %1$s/hooks.log
                  BrokenBeforeCheckpointFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: fixture.Hooks::handleRequest
                      SnapStart:
                        ApplyOn: PublishedVersions
                      Environment:
                        Variables:
                          HOOK_LOG: %1$s/broken-before.log
                          FAIL_HOOK: before
                  BrokenAfterRestoreFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: fixture.Hooks::handleRequest
                      SnapStart:
                        ApplyOn: PublishedVersions
                      Environment:
                        Variables:
                          HOOK_LOG: %1$s/broken-after.log
                          FAIL_HOOK: after
                  AlwaysThrowsFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: fixture.AlwaysThrows::handleRequest
                      EventInvokeConfig:
                        MaximumRetryAttempts: 1
                        DestinationConfig:
                          OnFailure:
                            Type: SQS
                            Destination: !GetAtt FailureQueue.Arn
                      Events:
                        Failing:
                          Type: EventBridgeRule
                          Properties:
                            EventBusName: !Ref Bus
                            Pattern:
                              source: [test.throws]
                  SleeperFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: fixture.Sleeper::handleRequest
                      Timeout: 1
                  ThrottledFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: fixture.Sleeper::handleRequest
                      ReservedConcurrentExecutions: 0
                      Events:
                        Throttled:
                          Type: EventBridgeRule
                          Properties:
                            EventBusName: !Ref Bus
                            Pattern:
                              source: [test.throttled]
                            RetryPolicy:
                              MaximumRetryAttempts: 2
                              MaximumEventAgeInSeconds: 60
                            DeadLetterConfig:
                              Type: SQS
                              QueueLogicalId: ThrottledDeadLetters
                """.formatted(dir.toAbsolutePath()));
        return template;
    }

    @BeforeAll
    static void start() throws Exception {
        Path template = writeTemplate(dir);
        harness = new CloudHarness(dir.resolve("state"), Options.defaults(template, dir.resolve("state")));
    }

    @AfterAll
    static void stop() {
        List<Long> pids = harness.functionPids();
        int port = harness.cloud.port();
        harness.close();
        assertThrows(java.net.ConnectException.class, () -> new java.net.Socket("127.0.0.1", port).close(), "port " + port + " still open");
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "function JVM " + pid + " still running");
        }
        assertEquals(List.of(), LocalCloudCommandTest.functionJvms());
    }

    private static InvokeResponse invoke(String function, String payload) {
        return harness.lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
    }

    @Test
    void snapStart_whenFunctionStarts_runsInitBeforeCheckpointRestoreAfterRestoreThenInvokeInLambdasOrder() throws Exception {
        InvokeResponse first = invoke("HooksFunction", "{}");
        InvokeResponse second = invoke("HooksFunction", "{}");

        assertNull(first.functionError(), first.payload().asUtf8String());
        assertNull(second.functionError());
        assertEquals(List.of("init", "beforeCheckpoint", "afterRestore", "invoke", "invoke"), Files.readAllLines(dir.resolve("hooks.log")));
        assertTrue(harness.trailText().contains("REPORT HooksFunction  Init "), harness.trailText());
        assertTrue(harness.trailText().contains("(SnapStart: restore "), harness.trailText());
    }

    @Test
    void snapStart_whenEmulationTurnedOff_startsOnDemandWithoutHooksOrRestore(@TempDir Path other) throws Exception {
        Path template = writeTemplate(other);
        try (CloudHarness onDemand = new CloudHarness(other.resolve("state"),
                Options.defaults(template, other.resolve("state")).withSnapStart(false))) {
            InvokeResponse response = onDemand.lambda.invoke(r -> r.functionName("HooksFunction").payload(SdkBytes.fromUtf8String("{}")));

            assertNull(response.functionError(), response.payload().asUtf8String());
            assertEquals(List.of("init", "invoke"), Files.readAllLines(other.resolve("hooks.log")));
            assertTrue(onDemand.trailText().contains("REPORT HooksFunction  Init "), onDemand.trailText());
            assertFalse(onDemand.trailText().contains("SnapStart"), onDemand.trailText());
        }
    }

    @Test
    void snapStart_whenBeforeCheckpointThrows_theStartFailsWithTheHooksError() throws Exception {
        InvokeResponse response = invoke("BrokenBeforeCheckpointFunction", "{}");

        assertEquals("Unhandled", response.functionError());
        JsonObject error = JsonParser.parseString(response.payload().asUtf8String()).getAsJsonObject();
        assertEquals("Runtime.BeforeCheckpointError", error.get("errorType").getAsString(), error.toString());
        assertTrue(error.get("errorMessage").getAsString().contains("failed to start"), error.toString());
        assertEquals(List.of("init", "beforeCheckpoint"), Files.readAllLines(dir.resolve("broken-before.log")));
        String log = Files.readString(dir.resolve("state/logs/BrokenBeforeCheckpointFunction.log"));
        assertTrue(log.contains("priming failed: the warm-up request was refused"), log);
    }

    @Test
    void snapStart_whenAfterRestoreThrows_theRestoreFailsWithTheHooksError() throws Exception {
        InvokeResponse response = invoke("BrokenAfterRestoreFunction", "{}");

        assertEquals("Unhandled", response.functionError());
        JsonObject error = JsonParser.parseString(response.payload().asUtf8String()).getAsJsonObject();
        assertEquals("Runtime.AfterRestoreError", error.get("errorType").getAsString(), error.toString());
        assertEquals(List.of("init", "beforeCheckpoint", "afterRestore"), Files.readAllLines(dir.resolve("broken-after.log")));
    }

    @Test
    void asyncDelivery_whenConsumerAlwaysThrows_retriesAsConfiguredThenWritesTheOnFailureRecord() throws Exception {
        PutEventsResponse put = harness.eventBridge.putEvents(r -> r.entries(e -> e.eventBusName("fidelity-bus")
                .source("test.throws").detailType("service_status").detail("{\"n\":1}")));
        String id = put.entries().get(0).eventId();

        assertTrue(harness.cloud.trail().awaitSettled(List.of(id), 60_000), harness.trailText());

        assertEquals(List.of("#1 error (java.lang.IllegalStateException)", "#2 error (java.lang.IllegalStateException)"),
                harness.cloud.trail().event(id).attempts());
        List<JsonObject> records = harness.deadLetters("consumer-failures");
        assertEquals(1, records.size());
        JsonObject record = records.get(0);
        assertEquals(id, record.getAsJsonObject("requestPayload").get("id").getAsString());
        assertEquals("RetriesExhausted", record.getAsJsonObject("requestContext").get("condition").getAsString());
        assertEquals(2, record.getAsJsonObject("requestContext").get("approximateInvokeCount").getAsInt());
        assertEquals("downstream unavailable", record.getAsJsonObject("responsePayload").get("errorMessage").getAsString());
        assertEquals("java.lang.IllegalStateException", record.getAsJsonObject("responsePayload").get("errorType").getAsString());
        assertTrue(harness.trailText().contains("ended → dead letter "), harness.trailText());
    }

    @Test
    void timeout_whenFunctionSleepsPastIt_isReportedAndTheNextInvokeGetsAFreshJvm() {
        long warmPid = pid(invoke("SleeperFunction", "{\"sleepMs\":0}"));

        InvokeResponse timedOut = invoke("SleeperFunction", "{\"sleepMs\":5000}");

        assertEquals("Unhandled", timedOut.functionError());
        JsonObject error = JsonParser.parseString(timedOut.payload().asUtf8String()).getAsJsonObject();
        assertTrue(error.get("errorMessage").getAsString().endsWith("Task timed out after 1.00 seconds"), error.toString());
        assertEquals("Sandbox.Timedout", error.get("errorType").getAsString());
        assertFalse(ProcessHandle.of(warmPid).map(ProcessHandle::isAlive).orElse(false), "the timed-out JVM must be stopped");
        long freshPid = pid(invoke("SleeperFunction", "{\"sleepMs\":0}"));
        assertNotEquals(warmPid, freshPid);
        assertTrue(harness.trailText().contains("→ timeout"), harness.trailText());
    }

    @Test
    void pool_whenInvokesAreSequential_reusesTheWarmJvm() {
        assertEquals(pid(invoke("SleeperFunction", "{\"sleepMs\":0}")), pid(invoke("SleeperFunction", "{\"sleepMs\":0}")));
    }

    @Test
    void pool_whenInvokesOverlap_startsFurtherJvmsUpToTheLimit(@TempDir Path other) throws Exception {
        Path template = writeTemplate(other);
        for (int limit : new int[]{3, 1}) {
            Path state = other.resolve("state-" + limit);
            Options options = Options.defaults(template, state).withFaults(0, 0, 0, java.util.Map.of(), limit);
            try (CloudHarness pool = new CloudHarness(state, options);
                 var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                List<java.util.concurrent.Future<Long>> pids = new java.util.ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    pids.add(threads.submit(() -> pid(pool.lambda.invoke(r -> r.functionName("SleeperFunction")
                            .payload(SdkBytes.fromUtf8String("{\"sleepMs\":400}"))))));
                }
                java.util.Set<Long> distinct = new java.util.HashSet<>();
                for (var future : pids) {
                    distinct.add(future.get());
                }
                assertEquals(limit, distinct.size(), "JVMs serving 3 overlapping invokes with --concurrency " + limit);
            }
        }
    }

    @Test
    void throttle_whenReservedConcurrencyIsZero_syncInvokeIs429AndRuleDeliveryEndsInTheRulesDeadLetterQueue() throws Exception {
        TooManyRequestsException e = assertThrows(TooManyRequestsException.class, () -> invoke("ThrottledFunction", "{}"));
        assertTrue(e.getMessage().startsWith("Rate Exceeded."), e.getMessage());

        PutEventsResponse put = harness.eventBridge.putEvents(r -> r.entries(x -> x.eventBusName("fidelity-bus")
                .source("test.throttled").detailType("service_status").detail("{\"n\":2}")));
        String id = put.entries().get(0).eventId();
        assertTrue(harness.cloud.trail().awaitSettled(List.of(id), 60_000), harness.trailText());

        List<JsonObject> records = harness.deadLetters("local-ThrottledDeadLetters");
        assertEquals(1, records.size(), harness.trailText());
        JsonObject record = records.get(0);
        assertEquals(id, record.getAsJsonObject("event").get("id").getAsString());
        assertEquals("arn:aws:events:us-east-1:000000000000:rule/fidelity-bus/ThrottledFunctionThrottled", record.get("RULE_ARN").getAsString());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:ThrottledFunction", record.get("TARGET_ARN").getAsString());
        assertEquals(2, record.get("RETRY_ATTEMPTS").getAsInt());
        assertEquals("MaximumRetryAttempts", record.get("EXHAUSTED_RETRY_CONDITION").getAsString());
        assertTrue(record.get("ERROR_MESSAGE").getAsString().startsWith("Rate Exceeded."));
    }

    private static long pid(InvokeResponse response) {
        assertNull(response.functionError(), response.payload().asUtf8String());
        return JsonParser.parseString(response.payload().asUtf8String()).getAsJsonObject().get("pid").getAsLong();
    }
}
