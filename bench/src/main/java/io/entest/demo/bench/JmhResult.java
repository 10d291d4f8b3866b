package io.entest.demo.bench;

/**
 * One JMH benchmark's score.
 *
 * @param name  the benchmark
 * @param score the average time per operation
 * @param error the 99.9% confidence half-width, or NaN with too few iterations
 * @param unit  the unit
 */
record JmhResult(String name, double score, double error, String unit) {
}
