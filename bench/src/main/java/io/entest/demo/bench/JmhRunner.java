package io.entest.demo.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH benchmarks of the code inside one process: the producer's request path, the consumer's envelope. */
final class JmhRunner {

    private JmhRunner() {
    }

    static List<JmhResult> run(JmhSettings settings, PrintStream progress) throws RunnerException {
        progress.println("bench: JMH, the producer's request path and the consumer's envelope parsing");
        OptionsBuilder options = new OptionsBuilder();
        options.include("io\\.entest\\.demo\\..*Benchmark.*")
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.MICROSECONDS)
                .forks(settings.forks())
                .warmupIterations(settings.warmups())
                .warmupTime(TimeValue.milliseconds(settings.iterationMs()))
                .measurementIterations(settings.iterations())
                .measurementTime(TimeValue.milliseconds(settings.iterationMs()))
                .shouldDoGC(true);
        if (settings.forks() > 0) {
            options.jvmArgsAppend("-XX:+UseSerialGC");
        }
        List<JmhResult> results = new ArrayList<>();
        for (RunResult result : new Runner(options.build()).run()) {
            var primary = result.getPrimaryResult();
            String name = result.getParams().getBenchmark();
            results.add(new JmhResult(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), primary.getScore(),
                    primary.getScoreError(), primary.getScoreUnit()));
        }
        return results;
    }
}
