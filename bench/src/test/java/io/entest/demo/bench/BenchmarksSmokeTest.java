package io.entest.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness runs every figure once on tiny inputs; the real run is `make bench`, never a timed assertion here. */
class BenchmarksSmokeTest {

    @Test
    void run_whenSmoke_producesEveryFigureOursBesideTheBaselineWithRatios(@TempDir Path out) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        Results results = Benchmarks.run(Benchmarks.Settings.smoke(Path.of(".."), out), new PrintStream(progress, true, StandardCharsets.UTF_8));

        List<String> groups = results.figures().stream().map(Figure::group).distinct().toList();
        assertEquals(List.of("Deployment package", "Cold start (on demand)", "Warm invoke (Lambda Invoke API)", "Producer throughput",
                "SnapStart", "Local cloud routing"), groups);
        assertEquals(18, results.figures().size(), results.markdown());
        for (Figure figure : results.figures()) {
            assertTrue(figure.ours().median() > 0 && figure.baseline().median() > 0, figure.toString());
            assertTrue(Double.isFinite(figure.ratio()), figure.toString());
        }
        Figure calls = results.figures().stream().filter(f -> f.name().endsWith("PutEvents calls")).findFirst().orElseThrow();
        assertEquals(2, calls.ours().median(), "20 events batched by 10");
        assertEquals(20, calls.baseline().median(), "20 events one per call");
        assertEquals(2, results.jmh().size());
        String markdown = Files.readString(out.resolve("results.md"));
        assertTrue(markdown.contains("| ProducerFunction zip (KiB) |"), markdown);
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        assertEquals(18, json.getAsJsonArray("figures").size());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("bench: deployment zip sizes"));
    }
}
