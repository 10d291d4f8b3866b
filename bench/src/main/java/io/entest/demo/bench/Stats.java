package io.entest.demo.bench;

import java.util.List;

/**
 * The summary of several runs of one measurement.
 *
 * @param median the median
 * @param min    the smallest
 * @param max    the largest
 * @param p99    the 99th percentile (nearest rank)
 * @param n      how many runs
 */
record Stats(double median, double min, double max, double p99, int n) {

    static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Stats(percentile(sorted, 50), sorted[0], sorted[sorted.length - 1], percentile(sorted, 99), sorted.length);
    }

    static Stats single(double value) {
        return new Stats(value, value, value, value, 1);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (p == 50 && sorted.length % 2 == 0) {
            return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
