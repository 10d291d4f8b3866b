package io.entest.demo.consumer;

/**
 * Thrown when an event cannot be handed on. Lambda then retries the asynchronous invoke and, when the retries
 * are spent, sends the event to the on-failure destination: nothing is dropped silently.
 */
public final class ConsumerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private ConsumerException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param problem what is wrong with the envelope, naming the field
     * @return the error for an input that is not an EventBridge event
     */
    static ConsumerException malformedEnvelope(String problem) {
        return new ConsumerException("malformed EventBridge event: " + problem, null);
    }

    /**
     * @param eventId the event's id
     * @param bytes   the message's size
     * @param limit   SNS's limit
     * @return the error for an event too large to publish
     */
    static ConsumerException tooLarge(String eventId, int bytes, int limit) {
        return new ConsumerException("event " + eventId + " is " + bytes + " bytes as an SNS message; SNS Publish takes at most "
                + limit + " bytes", null);
    }

    /**
     * @param eventId  the event's id
     * @param topicArn the topic
     * @param cause    why Publish failed
     * @return the error for a failed publish, with a message even when the cause has none
     */
    static ConsumerException publishFailed(String eventId, String topicArn, Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
        return new ConsumerException("publishing event " + eventId + " to " + topicArn + " failed: " + reason, cause);
    }
}
