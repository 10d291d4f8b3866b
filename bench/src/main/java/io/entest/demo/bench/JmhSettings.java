package io.entest.demo.bench;

/**
 * How long JMH measures.
 *
 * @param forks        JVM forks (0 runs in this JVM)
 * @param warmups      warm-up iterations
 * @param iterations   measured iterations
 * @param iterationMs  length of one iteration
 */
record JmhSettings(int forks, int warmups, int iterations, int iterationMs) {

    static final JmhSettings FULL = new JmhSettings(1, 3, 5, 1000);
    static final JmhSettings SMOKE = new JmhSettings(0, 0, 1, 100);
}
