package io.entest.demo.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The figures as a Markdown table (what the README quotes) and as JSON (every run's summary).
 *
 * @param figures  ours beside the baseline
 * @param jmh      JMH scores
 * @param host     what they were measured on
 * @param seconds  how long the whole run took
 */
record Results(List<Figure> figures, List<JmhResult> jmh, String host, double seconds) {

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), markdown());
        Files.writeString(dir.resolve("results.json"), new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
                .create().toJson(json()) + "\n");
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Measured ").append(LocalDate.now(ZoneOffset.UTC)).append(" on ").append(host).append(" by `make bench` in ")
                .append(String.format(Locale.ROOT, "%.0f", seconds)).append(" s. Medians, with (min–max, runs) where there were several.\n")
                .append("Ratio is ours ÷ baseline; the last column says which side is better.\n\n");
        String group = null;
        for (Figure figure : figures) {
            if (!Objects.equals(group, figure.group())) {
                group = figure.group();
                md.append("\n| ").append(group).append(" | ours | baseline | ratio | better |\n|---|---:|---:|---:|---|\n");
            }
            double ratio = figure.ratio();
            boolean oursBetter = figure.lowerIsBetter() ? ratio < 1 : ratio > 1;
            md.append("| ").append(figure.name()).append(" (").append(figure.unit()).append(")")
                    .append(" | ").append(Figure.cell(figure.ours()))
                    .append(" | ").append(Figure.cell(figure.baseline())).append(" <br>*").append(figure.baselineLabel()).append("*")
                    .append(" | ").append(Figure.format(ratio)).append("×")
                    .append(" | ").append(ratio == 1 ? "same" : oursBetter ? "ours" : "baseline").append(" |\n");
        }
        if (!jmh.isEmpty()) {
            md.append("\n| JMH, inside one JVM | average | ± 99.9% |\n|---|---:|---:|\n");
            for (JmhResult result : jmh) {
                md.append("| ").append(result.name()).append(" | ").append(Figure.format(result.score())).append(' ').append(result.unit())
                        .append(" | ").append(Double.isNaN(result.error()) ? "n/a" : Figure.format(result.error())).append(" |\n");
            }
        }
        return md.toString();
    }

    private JsonObject json() {
        JsonObject root = new JsonObject();
        root.addProperty("date", LocalDate.now(ZoneOffset.UTC).toString());
        root.addProperty("host", host);
        root.addProperty("seconds", seconds);
        JsonArray rows = new JsonArray();
        for (Figure figure : figures) {
            JsonObject row = new JsonObject();
            row.addProperty("group", figure.group());
            row.addProperty("name", figure.name());
            row.addProperty("unit", figure.unit());
            row.add("ours", stats(figure.ours()));
            row.add("baseline", stats(figure.baseline()));
            row.addProperty("baselineIs", figure.baselineLabel());
            row.addProperty("ratio", figure.ratio());
            row.addProperty("lowerIsBetter", figure.lowerIsBetter());
            rows.add(row);
        }
        root.add("figures", rows);
        JsonArray scores = new JsonArray();
        for (JmhResult result : jmh) {
            JsonObject score = new JsonObject();
            score.addProperty("benchmark", result.name());
            score.addProperty("score", result.score());
            score.addProperty("error", result.error());
            score.addProperty("unit", result.unit());
            scores.add(score);
        }
        root.add("jmh", scores);
        return root;
    }

    private static JsonObject stats(Stats stats) {
        JsonObject json = new JsonObject();
        json.addProperty("median", stats.median());
        json.addProperty("min", stats.min());
        json.addProperty("max", stats.max());
        json.addProperty("p99", stats.p99());
        json.addProperty("n", stats.n());
        return json;
    }
}
