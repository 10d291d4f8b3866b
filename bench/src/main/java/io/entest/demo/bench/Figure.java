package io.entest.demo.bench;

import java.util.Locale;

/**
 * One row of the results: a measurement of ours beside the baseline's, and their ratio.
 *
 * @param group    the section it belongs to
 * @param name     what was measured
 * @param unit     its unit
 * @param ours     the shipped build's figure
 * @param baseline the baseline's figure
 * @param baselineLabel what the baseline is, for this row
 * @param lowerIsBetter whether a smaller number is the better one
 */
record Figure(String group, String name, String unit, Stats ours, Stats baseline, String baselineLabel, boolean lowerIsBetter) {

    /** @return ours over the baseline, medians */
    double ratio() {
        return baseline.median() == 0 ? Double.NaN : ours.median() / baseline.median();
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** "median (min–max, n)" or the single value. */
    static String cell(Stats stats) {
        if (stats.n() == 1 || stats.min() == stats.max()) {
            return format(stats.median());
        }
        return format(stats.median()) + " (" + format(stats.min()) + "–" + format(stats.max()) + ", n=" + stats.n() + ")";
    }
}
