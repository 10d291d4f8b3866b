package io.entest.demo.local.runtime;

import java.util.concurrent.CompletableFuture;

/**
 * One invoke handed to a function JVM through the Runtime API.
 *
 * @param requestId   the request id the function sees
 * @param payload     the event
 * @param deadlineMs  the deadline, epoch milliseconds, as the Runtime API reports it
 * @param functionArn the invoked function's ARN
 * @param taken       completed when the function takes the invoke from {@code invocation/next}
 * @param result      completed when the function answers, fails, or its JVM dies
 */
record Invocation(String requestId, byte[] payload, long deadlineMs, String functionArn, CompletableFuture<Void> taken,
                  CompletableFuture<Answer> result) {

    /**
     * What the function answered.
     *
     * @param error     whether it answered through the error path
     * @param body      the response, or the error document
     * @param errorType the Runtime API error type header, when an error
     */
    record Answer(boolean error, byte[] body, String errorType) {
    }
}
