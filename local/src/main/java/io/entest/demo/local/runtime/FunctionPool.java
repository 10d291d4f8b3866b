package io.entest.demo.local.runtime;

import io.entest.demo.local.template.LocalTemplate;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * The execution environments of one function: a warm JVM is reused; overlapping invokes start further JVMs up to
 * the concurrency limit, and wait beyond it. A JVM that timed out or died is discarded and replaced on next use.
 *
 * <p>Thread-safe.
 */
public final class FunctionPool implements AutoCloseable {

    private final LocalTemplate.Function function;
    private final FunctionInstance.Spec spec;
    private final Semaphore concurrency;
    private final Deque<FunctionInstance> idle = new ArrayDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger killsLeft = new java.util.concurrent.atomic.AtomicInteger();
    private final List<FunctionInstance> all = new ArrayList<>();
    private boolean closed;

    /**
     * @param function       the function
     * @param taskRoot       its laid-out code
     * @param ricDir         the Runtime Interface Client's jars
     * @param env            its environment
     * @param snapStart      whether to emulate SnapStart (only where the template turns it on)
     * @param jniLib         the Runtime Interface Client's native library, unpacked once
     * @param maxConcurrency the most JVMs at once
     * @param logSink        where each line a JVM prints goes
     */
    public FunctionPool(LocalTemplate.Function function, Path taskRoot, Path ricDir, Map<String, String> env, boolean snapStart,
                        Path jniLib, int maxConcurrency, Consumer<String> logSink) {
        this.function = function;
        this.spec = new FunctionInstance.Spec(function, taskRoot, ricDir, env, snapStart && function.snapStart(), jniLib, logSink);
        this.concurrency = new Semaphore(function.reservedConcurrency() < 0 ? maxConcurrency
                : Math.min(maxConcurrency, function.reservedConcurrency()), true);
    }

    /**
     * Invokes the function synchronously on a warm JVM, or a new one.
     *
     * @param payload the event
     * @return the outcome
     */
    public InvokeReport invoke(byte[] payload) {
        return invoke(payload, UUID.randomUUID().toString());
    }

    /**
     * @param payload   the event
     * @param requestId the request id to use
     * @return the outcome
     */
    public InvokeReport invoke(byte[] payload, String requestId) {
        if (function.reservedConcurrency() == 0) {
            throw new ThrottledException("Rate Exceeded. (" + function.logicalId()
                    + " has ReservedConcurrentExecutions 0: Lambda throttles every invoke)");
        }
        concurrency.acquireUninterruptibly();
        try {
            FunctionInstance instance = take();
            boolean kill = killsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            InvokeReport report = instance.invoke(payload, requestId, kill);
            give(instance);
            return report;
        } finally {
            concurrency.release();
        }
    }

    /**
     * A fault: the JVMs serving the next {@code count} invokes are killed as soon as they take the event.
     *
     * @param count how many invokes to kill
     */
    public void killDuringNextInvokes(int count) {
        killsLeft.set(count);
    }

    /** @return the function this pool runs */
    public LocalTemplate.Function function() {
        return function;
    }

    /** @return the process ids of the JVMs running now, for fault injection and checks */
    public synchronized List<Long> pids() {
        return all.stream().filter(FunctionInstance::alive).map(FunctionInstance::pid).toList();
    }

    private synchronized FunctionInstance take() {
        if (closed) {
            throw new IllegalStateException("the local cloud is stopping");
        }
        while (!idle.isEmpty()) {
            FunctionInstance instance = idle.pop();
            if (instance.alive()) {
                return instance;
            }
            all.remove(instance);
            instance.close();
        }
        FunctionInstance instance = FunctionInstance.start(spec);
        all.add(instance);
        return instance;
    }

    private synchronized void give(FunctionInstance instance) {
        if (instance.alive() && !closed) {
            idle.push(instance);
        } else {
            all.remove(instance);
            instance.close();
        }
    }

    /**
     * A cold start, measured: a fresh JVM takes one invoke and is stopped. The pool's warm JVMs are left alone.
     *
     * @param payload the event
     * @return the report, and the time from starting the JVM to its first response
     */
    public ColdStart coldInvoke(byte[] payload) {
        long start = System.nanoTime();
        try (FunctionInstance instance = FunctionInstance.start(spec)) {
            InvokeReport report = instance.invoke(payload, UUID.randomUUID().toString());
            return new ColdStart(report, (System.nanoTime() - start) / 1_000_000.0);
        }
    }

    /**
     * One cold start.
     *
     * @param report          the first invoke's report, with its init (and restore) duration
     * @param firstResponseMs from starting the JVM to the first response
     */
    public record ColdStart(InvokeReport report, double firstResponseMs) {
    }

    /** Starts a JVM ahead of the first invoke, so that its start overlaps other work. */
    public synchronized void prewarm() {
        if (idle.isEmpty() && all.isEmpty()) {
            FunctionInstance instance = FunctionInstance.start(spec);
            all.add(instance);
            idle.push(instance);
        }
    }

    @Override
    public void close() {
        List<FunctionInstance> instances;
        synchronized (this) {
            closed = true;
            instances = List.copyOf(all);
            all.clear();
            idle.clear();
        }
        instances.forEach(FunctionInstance::close);
    }
}
