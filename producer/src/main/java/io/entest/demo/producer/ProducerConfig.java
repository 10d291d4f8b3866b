package io.entest.demo.producer;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The producer's configuration, read once from the environment when the handler is built.
 *
 * @param eventBusName the bus every event is put on (name or ARN)
 * @param source       the {@code Source} of every event
 * @param detailType   the {@code DetailType} of every event
 * @param retry        how entries that failed with a retryable error are sent again
 * @param maxEntriesPerRequest the most entries one PutEvents request carries, 1 to 10 (EventBridge's limit, the default)
 */
record ProducerConfig(String eventBusName, String source, String detailType, RetrySettings retry, int maxEntriesPerRequest) {

    static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    static final String EVENT_SOURCE = "EVENT_SOURCE";
    static final String DETAIL_TYPE = "DETAIL_TYPE";

    static final String DEFAULT_EVENT_BUS_NAME = "default";
    static final String DEFAULT_SOURCE = "io.entest.demo";
    static final String DEFAULT_DETAIL_TYPE = "service_status";

    /** EventBridge's own rules for a bus name or ARN, for Source and for DetailType. */
    private static final Pattern BUS_NAME = Pattern.compile("(arn:aws[\\w-]*:events:[a-z0-9-]+:\\d{12}:event-bus/)?[/.\\-_A-Za-z0-9]{1,256}");
    private static final int MAX_SOURCE_OR_DETAIL_TYPE = 256;

    ProducerConfig {
        require(EVENT_BUS_NAME, eventBusName, BUS_NAME.matcher(eventBusName).matches(),
                "a bus name of 1-256 characters from [/.-_A-Za-z0-9], or a bus ARN");
        require(EVENT_SOURCE, source, !source.isBlank() && source.length() <= MAX_SOURCE_OR_DETAIL_TYPE,
                "1-256 characters");
        require(DETAIL_TYPE, detailType, !detailType.isBlank() && detailType.length() <= MAX_SOURCE_OR_DETAIL_TYPE,
                "1-256 characters");
        if (maxEntriesPerRequest < 1 || maxEntriesPerRequest > EventBatcher.MAX_ENTRIES) {
            throw new IllegalArgumentException("maxEntriesPerRequest must be 1-" + EventBatcher.MAX_ENTRIES + "; got " + maxEntriesPerRequest);
        }
    }

    /** A configuration that packs as many entries per request as EventBridge takes. */
    ProducerConfig(String eventBusName, String source, String detailType, RetrySettings retry) {
        this(eventBusName, source, detailType, retry, EventBatcher.MAX_ENTRIES);
    }

    /**
     * Reads the configuration from the environment.
     *
     * @param env where the variables are read
     * @return the configuration, with the design's defaults for unset variables
     * @throws IllegalStateException naming the variable, when one is malformed
     */
    static ProducerConfig fromEnv(EnvReader env) {
        return new ProducerConfig(
                env.getEnvOrDefault(EVENT_BUS_NAME, DEFAULT_EVENT_BUS_NAME),
                env.getEnvOrDefault(EVENT_SOURCE, DEFAULT_SOURCE),
                env.getEnvOrDefault(DETAIL_TYPE, DEFAULT_DETAIL_TYPE),
                RetrySettings.DEFAULT);
    }

    private static void require(String variable, String value, boolean valid, String expected) {
        if (!valid) {
            throw new IllegalStateException(
                    "environment variable " + variable + " must be " + expected + "; got \"" + value + "\"");
        }
    }

    /**
     * How entries that failed with a retryable error code are sent again: exponential backoff with full jitter.
     *
     * @param maxAttempts the most times one entry is sent, the first included
     * @param baseDelay   the backoff before the first resend; it doubles for each further one
     * @param maxDelay    the cap on one backoff
     * @param reserve     time kept back from the Lambda's remaining time, to answer the caller
     */
    record RetrySettings(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration reserve) {

        static final RetrySettings DEFAULT =
                new RetrySettings(6, Duration.ofMillis(100), Duration.ofSeconds(3), Duration.ofSeconds(1));
    }
}
