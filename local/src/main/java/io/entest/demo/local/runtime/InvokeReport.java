package io.entest.demo.local.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What one invoke came to, with the figures of Lambda's REPORT line.
 *
 * @param function     the function's logical id
 * @param requestId    the request id
 * @param outcome      how it ended
 * @param body         the response, or the error document
 * @param errorType    the error type, when not {@link Outcome#OK}
 * @param durationMs   from handing the event over to the answer
 * @param initMs       JVM start to ready (to the checkpoint under SnapStart), on the invoke that started the JVM; else -1
 * @param restoreMs    checkpoint to ready under SnapStart, on the invoke that started the JVM; else -1
 * @param memorySizeMb {@code MemorySize}
 * @param maxMemoryMb  the JVM's peak resident memory, or -1 where it cannot be read
 */
public record InvokeReport(String function, String requestId, Outcome outcome, byte[] body, String errorType, double durationMs,
                           double initMs, double restoreMs, int memorySizeMb, long maxMemoryMb) {

    /** How an invoke ended. */
    public enum Outcome {
        /** The function answered. */
        OK,
        /** The function threw, or failed to start. */
        ERROR,
        /** The function ran past its timeout and was stopped. */
        TIMEOUT
    }

    /** @return whether the function answered without error */
    public boolean ok() {
        return outcome == Outcome.OK;
    }

    /** @return the body as text */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** @return Lambda's REPORT line for this invoke */
    public String reportLine() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %s MB",
                requestId, durationMs, (long) Math.ceil(durationMs), memorySizeMb, maxMemoryMb < 0 ? "?" : Long.toString(maxMemoryMb)));
        if (initMs >= 0) {
            line.append(String.format(Locale.ROOT, "\tInit Duration: %.2f ms", initMs));
        }
        if (restoreMs >= 0) {
            line.append(String.format(Locale.ROOT, "\tRestore Duration: %.2f ms", restoreMs));
        }
        if (outcome == Outcome.TIMEOUT) {
            line.append("\tStatus: timeout");
        } else if (outcome == Outcome.ERROR) {
            line.append("\tStatus: error (").append(errorType).append(')');
        }
        return line.toString();
    }
}
