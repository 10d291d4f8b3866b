package io.entest.demo.producer;

import io.entest.demo.producer.EventBatcher.Pending;
import io.entest.demo.producer.ProducerConfig.RetrySettings;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Sends entries with PutEvents and resends those that failed with a retryable error code, with exponential
 * backoff and full jitter, for as long as the Lambda's remaining time allows. Whatever still failed is returned,
 * never dropped.
 *
 * <p>Not thread-safe; Lambda calls a handler from one thread at a time.
 */
final class PutEventsRetrier {

    /** The PutEvents entry error codes that a resend can cure. */
    static final Set<String> RETRYABLE = Set.of("ThrottlingException", "InternalFailure");

    private final EventBridgeClient client;
    private final String eventBusName;
    private final RetrySettings settings;

    /**
     * @param client       the client PutEvents is called on
     * @param eventBusName the bus named in every entry
     * @param settings     attempts and backoff
     */
    PutEventsRetrier(EventBridgeClient client, String eventBusName, RetrySettings settings) {
        this.client = client;
        this.eventBusName = eventBusName;
        this.settings = settings;
    }

    /**
     * What one entry came to after its last attempt.
     *
     * @param index        the entry's index in the request body
     * @param eventId      the event id EventBridge gave it, or {@code null} when it failed
     * @param errorCode    the last error code, or {@code null} when it was sent
     * @param errorMessage the last error message, or {@code null} when it was sent
     */
    record Result(int index, String eventId, String errorCode, String errorMessage) {

        boolean sent() {
            return eventId != null;
        }
    }

    /**
     * Sends one batch until every entry is sent, failed for good, out of attempts or out of time.
     *
     * @param batch            entries that fit one PutEvents request
     * @param remainingMillis  the Lambda's remaining time, read before each backoff
     * @return one result per entry, in no particular order
     */
    List<Result> send(List<Pending> batch, LongSupplier remainingMillis) {
        List<Result> done = new ArrayList<>(batch.size());
        List<Pending> pending = batch;
        for (int attempt = 1; ; attempt++) {
            List<Result> retryable = new ArrayList<>();
            for (Result result : putOnce(pending)) {
                if (result.sent() || !RETRYABLE.contains(result.errorCode())) {
                    done.add(result);
                } else {
                    retryable.add(result);
                }
            }
            if (retryable.isEmpty()) {
                return done;
            }
            long delay = backoff(attempt);
            if (attempt >= settings.maxAttempts()
                    || remainingMillis.getAsLong() - delay < settings.reserve().toMillis()) {
                done.addAll(retryable);
                return done;
            }
            sleep(delay);
            List<Pending> next = new ArrayList<>(retryable.size());
            for (Result result : retryable) {
                next.add(find(pending, result.index()));
            }
            pending = next;
        }
    }

    private List<Result> putOnce(List<Pending> pending) {
        PutEventsResponse response;
        try {
            response = client.putEvents(PutEventsRequest.builder()
                    .entries(pending.stream().map(p -> p.entry().toBuilder().eventBusName(eventBusName).build()).toList())
                    .build());
        } catch (EventBridgeException e) {
            return failAll(pending, e.awsErrorDetails() == null ? "EventBridgeException" : e.awsErrorDetails().errorCode(),
                    e.getMessage());
        } catch (SdkException e) {
            return failAll(pending, e.getClass().getSimpleName(), e.getMessage());
        }
        List<PutEventsResultEntry> entries = response.entries();
        if (entries.size() != pending.size()) {
            return failAll(pending, "InternalFailure",
                    "PutEvents answered " + entries.size() + " result entries for " + pending.size() + " entries");
        }
        List<Result> results = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            PutEventsResultEntry entry = entries.get(i);
            int index = pending.get(i).index();
            results.add(entry.errorCode() == null && entry.eventId() != null
                    ? new Result(index, entry.eventId(), null, null)
                    : new Result(index, null, entry.errorCode() == null ? "InternalFailure" : entry.errorCode(),
                    entry.errorMessage()));
        }
        return results;
    }

    private static List<Result> failAll(List<Pending> pending, String errorCode, String errorMessage) {
        return pending.stream().map(p -> new Result(p.index(), null, errorCode, errorMessage)).toList();
    }

    private static Pending find(List<Pending> pending, int index) {
        for (Pending p : pending) {
            if (p.index() == index) {
                return p;
            }
        }
        throw new IllegalStateException("no pending entry with index " + index);
    }

    /** Full jitter: a uniform delay between zero and the capped exponential bound. */
    private long backoff(int attempt) {
        long bound = Math.min(settings.maxDelay().toMillis(),
                settings.baseDelay().toMillis() << Math.min(attempt - 1, 30));
        return bound <= 0 ? 0 : Jitter.RANDOM.nextLong(bound + 1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off before a PutEvents resend", e);
        }
    }

    /** Seeded on first use, which is after a SnapStart restore: priming never backs off. */
    private static final class Jitter {
        static final SecureRandom RANDOM = new SecureRandom();
    }
}
