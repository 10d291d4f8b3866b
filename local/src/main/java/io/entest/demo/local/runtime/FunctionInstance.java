package io.entest.demo.local.runtime;

import io.entest.demo.local.template.LocalTemplate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One function JVM: the real Lambda Runtime Interface Client running the handler from the template, against a
 * Runtime API served here. Invokes are handed over one at a time, as Lambda does per execution environment.
 *
 * <p>Thread-safe for one caller at a time; the pool never gives one instance to two callers.
 */
public final class FunctionInstance implements AutoCloseable {

    /** The Runtime Interface Client's entry point. */
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** How long a JVM may take to start and run its init code, including SnapStart's beforeCheckpoint hooks. */
    static final Duration INIT_LIMIT = Duration.ofSeconds(60);

    /**
     * How to start one function JVM.
     *
     * @param function  the function, from the template
     * @param taskRoot  its code, laid out as {@code sam build} lays it out
     * @param ricDir    the folder holding the Runtime Interface Client's jars
     * @param env       the full environment of the JVM
     * @param snapStart whether to emulate SnapStart's checkpoint and restore
     * @param jniLib    the Runtime Interface Client's native library, unpacked once, or {@code null} to let each JVM unpack it
     * @param logSink   where each line the JVM prints goes
     */
    public record Spec(LocalTemplate.Function function, Path taskRoot, Path ricDir, Map<String, String> env, boolean snapStart,
                       Path jniLib, Consumer<String> logSink) {
    }

    /** The client's system property naming its native library; unset, every JVM unpacks it to one fixed /tmp path. */
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final int LOG_TAIL_LINES = 12;

    private final Spec spec;
    private final Process process;
    private final RuntimeApiServer runtimeApi;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private volatile long checkpointNanos = -1;
    private volatile long readyNanos = -1;
    private boolean reportedStart;
    private final Deque<String> logTail = new ArrayDeque<>();

    private FunctionInstance(Spec spec) {
        this.spec = spec;
        this.runtimeApi = new RuntimeApiServer(new RuntimeApiServer.Listener() {
            @Override
            public void ready() {
                readyNanos = System.nanoTime();
                ready.complete(null);
            }

            @Override
            public void checkpointed() {
                checkpointNanos = System.nanoTime();
            }

            @Override
            public void failed(String phase, String errorType, String body) {
                ready.complete(errorType == null ? "Runtime.Unknown" : errorType);
                spec.logSink().accept(phase + " error (" + errorType + "): " + body);
            }
        });
        ProcessBuilder builder = new ProcessBuilder(command(spec)).directory(spec.taskRoot().toFile());
        builder.environment().clear();
        builder.environment().putAll(spec.env());
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
        builder.environment().put("AWS_LAMBDA_INITIALIZATION_TYPE", spec.snapStart() ? "snap-start" : "on-demand");
        builder.redirectErrorStream(true);
        try {
            this.process = builder.start();
        } catch (IOException e) {
            runtimeApi.close();
            throw new UncheckedIOException("cannot start a JVM for " + spec.function().logicalId() + ": " + e.getMessage(), e);
        }
        Thread.ofVirtual().name(spec.function().logicalId() + "-log").start(() -> pump(process.getInputStream()));
        process.onExit().thenRun(() -> {
            ready.complete("Runtime.ExitError");
            runtimeApi.failAll(invocation -> invocation.result().complete(exitAnswer(invocation.requestId())));
        });
    }

    /**
     * Starts a function JVM; it initialises in the background and is ready when its first invoke is taken.
     *
     * @param spec how to start it
     * @return the instance
     */
    public static FunctionInstance start(Spec spec) {
        return new FunctionInstance(spec);
    }

    static List<String> command(Spec spec) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int heapMb = Math.max(64, spec.function().memoryMb() * 85 / 100);
        List<String> command = new ArrayList<>(List.of(java, "-XX:MaxHeapSize=" + heapMb + "m", "-XX:+UseSerialGC", "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED", "-Djava.net.preferIPv4Stack=true"));
        if (spec.snapStart()) {
            command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        }
        if (spec.jniLib() != null) {
            command.add("-D" + JNI_PROPERTY + "=" + spec.jniLib().toAbsolutePath());
        }
        command.addAll(List.of("-cp", spec.ricDir().toAbsolutePath() + "/*", RIC_MAIN, spec.function().handler()));
        return command;
    }

    /**
     * Hands one event to the function and waits for its answer, at most the function's timeout.
     *
     * @param payload   the event
     * @param requestId the request id
     * @return the outcome and the REPORT figures
     */
    public InvokeReport invoke(byte[] payload, String requestId) {
        return invoke(payload, requestId, false);
    }

    /**
     * @param payload       the event
     * @param requestId     the request id
     * @param killMidInvoke a fault: kill the JVM as soon as the function has taken the event
     * @return the outcome
     */
    InvokeReport invoke(byte[] payload, String requestId, boolean killMidInvoke) {
        LocalTemplate.Function function = spec.function();
        String initError = awaitReady();
        double initMs = -1;
        double restoreMs = -1;
        if (!reportedStart) {
            reportedStart = true;
            long end = readyNanos > 0 ? readyNanos : System.nanoTime();
            initMs = millis(startNanos, checkpointNanos > 0 ? checkpointNanos : end);
            restoreMs = checkpointNanos > 0 && readyNanos > 0 ? millis(checkpointNanos, readyNanos) : -1;
        }
        if (initError != null) {
            long memory = maxMemoryMb();
            close();
            String tail;
            synchronized (logTail) {
                tail = String.join(" | ", logTail);
            }
            byte[] error = ErrorDocument.of("RequestId: " + requestId + " Error: the function failed to start (" + initError
                    + "). Its last output: " + (tail.isEmpty() ? "(none)" : tail), initError);
            return new InvokeReport(function.logicalId(), requestId, InvokeReport.Outcome.ERROR, error, initError, 0, initMs,
                    restoreMs, function.memoryMb(), memory);
        }
        long timeoutMs = function.timeoutSec() * 1000L;
        Invocation invocation = new Invocation(requestId, payload, System.currentTimeMillis() + timeoutMs, function.arn(),
                new CompletableFuture<>(), new CompletableFuture<>());
        long begin = System.nanoTime();
        runtimeApi.submit(invocation);
        if (!process.isAlive()) {
            // The JVM died after it was handed out: answer now instead of waiting out the timeout.
            invocation.result().complete(exitAnswer(requestId));
        }
        if (killMidInvoke) {
            invocation.taken().thenRun(() -> {
                spec.logSink().accept("[local cloud] fault injected: killing this JVM (pid " + process.pid() + ") mid-invoke");
                process.destroyForcibly();
            });
        }
        Invocation.Answer answer;
        try {
            answer = invocation.result().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            double duration = millis(begin, System.nanoTime());
            long memory = maxMemoryMb();
            close();
            String message = Instant.now() + " " + requestId + " Task timed out after "
                    + String.format(java.util.Locale.ROOT, "%.2f", (double) function.timeoutSec()) + " seconds";
            return new InvokeReport(function.logicalId(), requestId, InvokeReport.Outcome.TIMEOUT,
                    ErrorDocument.of(message, "Sandbox.Timedout"),
                    "Sandbox.Timedout", duration, initMs, restoreMs, function.memoryMb(), memory);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while " + function.logicalId() + " ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        double duration = millis(begin, System.nanoTime());
        return new InvokeReport(function.logicalId(), requestId, answer.error() ? InvokeReport.Outcome.ERROR : InvokeReport.Outcome.OK,
                answer.body(), answer.error() ? errorType(answer) : null, duration, initMs, restoreMs, function.memoryMb(), maxMemoryMb());
    }

    /** @return whether the JVM is still running and can take another invoke */
    public boolean alive() {
        return process.isAlive();
    }

    /** @return the JVM's process id */
    public long pid() {
        return process.pid();
    }

    private String awaitReady() {
        try {
            return ready.get(INIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "Runtime.InitTimeout";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Runtime.Interrupted";
        } catch (ExecutionException e) {
            return "Runtime.Unknown";
        }
    }

    /** The error document's {@code errorType} (the exception class), else the Runtime API's error type header. */
    private static String errorType(Invocation.Answer answer) {
        try {
            var document = com.google.gson.JsonParser.parseString(new String(answer.body(), StandardCharsets.UTF_8));
            if (document.isJsonObject() && document.getAsJsonObject().has("errorType")) {
                return document.getAsJsonObject().get("errorType").getAsString();
            }
        } catch (RuntimeException notJson) {
            // Fall through to the header.
        }
        return answer.errorType() != null && !answer.errorType().isBlank() ? answer.errorType() : "Unhandled";
    }

    private Invocation.Answer exitAnswer(String requestId) {
        int status = process.isAlive() ? -1 : process.exitValue();
        return new Invocation.Answer(true, ErrorDocument.of("RequestId: " + requestId
                + " Error: Runtime exited with error: exit status " + status, "Runtime.ExitError"), "Runtime.ExitError");
    }

    /** Peak resident memory of the JVM, from {@code /proc}; -1 where that cannot be read. */
    private long maxMemoryMb() {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private void pump(InputStream output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (logTail) {
                    logTail.addLast(line);
                    if (logTail.size() > LOG_TAIL_LINES) {
                        logTail.removeFirst();
                    }
                }
                spec.logSink().accept(line);
            }
        } catch (IOException e) {
            if (process.isAlive()) {
                spec.logSink().accept("[local cloud] lost this JVM's output: " + e.getMessage());
            }
        }
    }

    private static double millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000.0;
    }

    /** Stops the JVM at once, as Lambda does to an environment it discards, and closes its Runtime API. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runtimeApi.close();
    }

    /** The environment Lambda gives a function, with the template's variables and the local endpoints. */
    public static Map<String, String> environment(LocalTemplate.Function function, String region, String endpoint, Path stateDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("_HANDLER", function.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.logicalId());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]" + function.logicalId());
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_SESSION_TOKEN", "local");
        // A user's ~/.aws files must not steer a local function elsewhere.
        env.put("AWS_CONFIG_FILE", stateDir.resolve("aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", stateDir.resolve("aws-credentials").toString());
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.put("AWS_LAMBDA_LOG_FORMAT", function.logFormat());
        if (function.logLevel() != null) {
            env.put("AWS_LAMBDA_LOG_LEVEL", function.logLevel());
        }
        env.putAll(function.environment());
        return env;
    }
}
