package io.entest.demo.consumer;

import java.util.regex.Pattern;

/**
 * The consumer's configuration, read once from the environment when the handler is built.
 *
 * @param topicArn the SNS topic each event is published to, or {@code null} to only log events
 */
record ConsumerConfig(String topicArn) {

    static final String TOPIC_ARN = "TOPIC_ARN";

    private static final Pattern SNS_TOPIC_ARN =
            Pattern.compile("arn:aws[\\w-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");

    ConsumerConfig {
        if (topicArn != null && !SNS_TOPIC_ARN.matcher(topicArn).matches()) {
            throw new IllegalStateException("environment variable " + TOPIC_ARN
                    + " must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>) or empty; got \"" + topicArn + "\"");
        }
    }

    /**
     * @param env where the variables are read
     * @return the configuration; an unset or blank {@code TOPIC_ARN} means no topic
     * @throws IllegalStateException naming the variable, when it is malformed
     */
    static ConsumerConfig fromEnv(EnvReader env) {
        String topicArn = env.getEnvOrDefault(TOPIC_ARN, null);
        return new ConsumerConfig(topicArn == null ? null : topicArn.trim());
    }

    /**
     * @return whether events are published; without a topic they are only logged
     */
    boolean publishes() {
        return topicArn != null;
    }

    /**
     * @return whether the topic is FIFO, which needs a message group id and a deduplication id
     */
    boolean fifo() {
        return topicArn != null && topicArn.endsWith(".fifo");
    }
}
