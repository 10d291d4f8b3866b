package io.entest.demo.local.delivery;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.entest.demo.local.runtime.FunctionPool;
import io.entest.demo.local.runtime.InvokeReport;
import io.entest.demo.local.template.LocalTemplate;
import io.entest.demo.local.trail.Trail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Lambda's asynchronous invocation, for rule targets and {@code Event} invokes. A function error or timeout is retried
 * up to the function's {@code EventInvokeConfig.MaximumRetryAttempts}, after Lambda's delays (1 minute, then 2) times
 * a local scale; then the event goes to the on-failure destination. When the function cannot be invoked at all, the
 * rule target's {@code RetryPolicy} applies, then its {@code DeadLetterConfig}.
 *
 * <p>Thread-safe.
 */
public final class AsyncInvoker implements AutoCloseable {

    /** Lambda's delays before its two asynchronous retries. */
    static final long[] LAMBDA_RETRY_DELAYS_MS = {60_000, 120_000};
    /** EventBridge's first delivery retry delay; later ones double, with jitter, up to {@link #EVENTBRIDGE_MAX_DELAY_MS}. */
    static final long EVENTBRIDGE_BASE_DELAY_MS = 1_000;
    static final long EVENTBRIDGE_MAX_DELAY_MS = 180_000;

    private final Map<String, FunctionPool> pools;
    private final DeadLetters deadLetters;
    private final Trail trail;
    private final double delayScale;
    private volatile boolean closed;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "async-retry-timer");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param pools       the function pools by logical id
     * @param deadLetters where undeliverable events go
     * @param trail       what the user sees
     * @param delayScale  Lambda's and EventBridge's retry delays are multiplied by this (1.0 is real time)
     */
    public AsyncInvoker(Map<String, FunctionPool> pools, DeadLetters deadLetters, Trail trail, double delayScale) {
        this.pools = pools;
        this.deadLetters = deadLetters;
        this.trail = trail;
        this.delayScale = delayScale;
    }

    /**
     * Delivers one event to a rule's target, as EventBridge hands it to Lambda's async queue.
     *
     * @param rule    the rule that matched
     * @param eventId the event's id
     * @param event   the event envelope
     */
    public void deliver(LocalTemplate.Rule rule, String eventId, byte[] event) {
        Delivery delivery = new Delivery(eventId, event, rule, pools.get(rule.targetFunction()), System.currentTimeMillis());
        workers.execute(() -> attempt(delivery, 1, 1));
    }

    /**
     * Queues one {@code Event} invoke, as {@code InvocationType: Event} does.
     *
     * @param function the function's logical id
     * @param payload  the event
     * @return the request id
     */
    public String invokeEvent(String function, byte[] payload) {
        String requestId = UUID.randomUUID().toString();
        trail.queued(requestId, function);
        Delivery delivery = new Delivery(requestId, payload, null, pools.get(function), System.currentTimeMillis());
        workers.execute(() -> attempt(delivery, 1, 1));
        return requestId;
    }

    private record Delivery(String id, byte[] payload, LocalTemplate.Rule rule, FunctionPool pool, long acceptedAtMs) {
    }

    /**
     * @param lambdaAttempt   the function invoke attempt, from 1
     * @param deliveryAttempt EventBridge's attempt to hand the event over, from 1
     */
    private void attempt(Delivery delivery, int lambdaAttempt, int deliveryAttempt) {
        LocalTemplate.Function function = delivery.pool().function();
        long ageSec = (System.currentTimeMillis() - delivery.acceptedAtMs()) / 1000;
        if (ageSec > function.async().maximumEventAgeSeconds()) {
            onFailure(delivery, lambdaAttempt - 1, "EventAgeExceeded", null);
            return;
        }
        InvokeReport report;
        try {
            report = delivery.pool().invoke(delivery.payload());
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            deliveryFailed(delivery, lambdaAttempt, deliveryAttempt, e.getMessage() == null ? e.toString() : e.getMessage());
            return;
        }
        trail.attempt(delivery.id(), lambdaAttempt, report);
        if (report.ok()) {
            trail.delivered(delivery.id());
            return;
        }
        int retries = function.async().maximumRetryAttempts();
        if (lambdaAttempt > retries) {
            onFailure(delivery, lambdaAttempt, "RetriesExhausted", report);
            return;
        }
        long delay = scaled(LAMBDA_RETRY_DELAYS_MS[Math.min(lambdaAttempt - 1, LAMBDA_RETRY_DELAYS_MS.length - 1)]);
        trail.retrying(delivery.id(), function.logicalId(), delay, "Lambda async retry " + lambdaAttempt + " of " + retries);
        schedule(delay, () -> attempt(delivery, lambdaAttempt + 1, deliveryAttempt));
    }

    /** The function could not be invoked at all: EventBridge's retry policy, then the rule's dead-letter queue. */
    private void deliveryFailed(Delivery delivery, int lambdaAttempt, int deliveryAttempt, String error) {
        LocalTemplate.Rule rule = delivery.rule();
        long ageSec = (System.currentTimeMillis() - delivery.acceptedAtMs()) / 1000;
        if (rule == null) {
            onFailure(delivery, lambdaAttempt - 1, "InvokeFailed: " + error, null);
            return;
        }
        if (deliveryAttempt <= rule.maximumRetryAttempts() && ageSec < rule.maximumEventAgeSeconds()) {
            long bound = Math.min(EVENTBRIDGE_MAX_DELAY_MS, EVENTBRIDGE_BASE_DELAY_MS << Math.min(deliveryAttempt - 1, 20));
            long delay = scaled(ThreadLocalRandom.current().nextLong(bound / 2, bound + 1));
            trail.retrying(delivery.id(), rule.targetFunction(), delay,
                    "EventBridge delivery retry " + deliveryAttempt + " of " + rule.maximumRetryAttempts() + ": " + error);
            schedule(delay, () -> attempt(delivery, lambdaAttempt, deliveryAttempt + 1));
            return;
        }
        JsonObject record = new JsonObject();
        record.addProperty("RULE_ARN", rule.arn());
        record.addProperty("TARGET_ARN", delivery.pool().function().arn());
        record.addProperty("ERROR_CODE", "SDK_CLIENT_ERROR");
        record.addProperty("ERROR_MESSAGE", error);
        record.addProperty("EXHAUSTED_RETRY_CONDITION", deliveryAttempt > rule.maximumRetryAttempts()
                ? "MaximumRetryAttempts" : "MaximumEventAgeInSeconds");
        record.addProperty("RETRY_ATTEMPTS", deliveryAttempt - 1);
        record.add("event", json(delivery.payload()));
        Path file = deadLetters.write(rule.deadLetterQueueArn(), record);
        if (rule.deadLetterQueueArn() == null) {
            trail.dropped(delivery.id(), "rule " + rule.logicalId() + " has no DeadLetterConfig; kept in " + Trail.display(file));
        } else {
            trail.deadLettered(delivery.id(), Trail.display(file), "could not invoke " + rule.targetFunction() + ": " + error);
        }
    }

    /** Lambda's on-failure destination record, as Lambda writes it to an SQS destination. */
    private void onFailure(Delivery delivery, int invokes, String condition, InvokeReport report) {
        LocalTemplate.Function function = delivery.pool().function();
        JsonObject context = new JsonObject();
        context.addProperty("requestId", report == null ? delivery.id() : report.requestId());
        context.addProperty("functionArn", function.arn() + ":$LATEST");
        context.addProperty("condition", condition);
        context.addProperty("approximateInvokeCount", invokes);
        JsonObject response = new JsonObject();
        response.addProperty("statusCode", 200);
        response.addProperty("executedVersion", "$LATEST");
        response.addProperty("functionError", "Unhandled");
        JsonObject record = new JsonObject();
        record.addProperty("version", "1.0");
        record.addProperty("timestamp", Instant.now().toString());
        record.add("requestContext", context);
        record.add("requestPayload", json(delivery.payload()));
        record.add("responseContext", response);
        if (report != null) {
            record.add("responsePayload", json(report.body()));
        }
        Path file = deadLetters.write(function.async().onFailureQueueArn(), record);
        if (function.async().onFailureQueueArn() == null) {
            trail.dropped(delivery.id(), function.logicalId() + " has no on-failure destination; kept in " + Trail.display(file));
        } else {
            trail.deadLettered(delivery.id(), Trail.display(file), condition + " after " + invokes + " invoke(s)"
                    + (report == null ? "" : ": " + report.errorType()));
        }
    }

    private static com.google.gson.JsonElement json(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            return JsonParser.parseString(text);
        } catch (RuntimeException e) {
            return new com.google.gson.JsonPrimitive(text);
        }
    }

    private long scaled(long delayMs) {
        return Math.max(0, Math.round(delayMs * delayScale));
    }

    private void schedule(long delayMs, Runnable task) {
        if (closed) {
            return;
        }
        timer.schedule(() -> workers.execute(task), delayMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
