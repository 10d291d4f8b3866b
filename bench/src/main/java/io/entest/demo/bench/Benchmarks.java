package io.entest.demo.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.entest.demo.local.LocalCloud;
import io.entest.demo.local.Options;
import io.entest.demo.local.runtime.FunctionPool;
import io.entest.demo.local.template.LocalAccount;
import io.entest.demo.local.template.LocalTemplate;
import io.entest.demo.local.template.TemplateLoader;
import io.entest.demo.local.trail.Trail;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.event.ruler.Machine;

/**
 * {@code make bench}: the shipped functions beside a baseline built from the same sources the way typical samples
 * build them, on this machine, through the local cloud; then JMH for the code inside one process. Writes
 * {@code bench/results.md} and {@code bench/results.json}.
 */
public final class Benchmarks {

    static final String[][] PAIRS = {{"ProducerFunction", "BaselineProducerFunction"}, {"ConsumerFunction", "BaselineConsumerFunction"}};

    private final Settings settings;
    private final PrintStream progress;
    private final List<Figure> figures = new ArrayList<>();
    private final List<JmhResult> jmh = new ArrayList<>();
    private LocalTemplate shipped;

    /**
     * How much to measure.
     *
     * @param root             the project root
     * @param out              where results.md and results.json go
     * @param runs             cold and SnapStart starts per function
     * @param warmInvokes      warm invokes per function
     * @param throughputEvents events per producer throughput run
     * @param throughputRuns   producer throughput runs
     * @param matchEvents      events matched in-process per routing run
     * @param routedEvents     events routed end to end per routing run
     * @param extraRules       further rules for the routing figures
     * @param jmh              whether to run JMH, and how long
     */
    record Settings(Path root, Path out, int runs, int warmInvokes, int throughputEvents, int throughputRuns, int matchEvents,
                    int routedEvents, int extraRules, JmhSettings jmh) {

        static Settings full(Path root) {
            return new Settings(root, root.resolve("bench"), 7, 1000, 10_000, 3, 200_000, 500, 100, JmhSettings.FULL);
        }

        static Settings smoke(Path root, Path out) {
            return new Settings(root, out, 1, 5, 20, 1, 100, 5, 10, JmhSettings.SMOKE);
        }
    }

    private Benchmarks(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".");
        boolean smoke = false;
        for (String arg : args) {
            switch (arg) {
                case "--smoke" -> smoke = true;
                case "-h", "--help" -> {
                    System.out.println("usage: benchmarks [--smoke]\n  runs every figure (make bench), or each once on tiny inputs (--smoke);"
                            + "\n  writes bench/results.md and bench/results.json (with --smoke, under .local/bench-smoke)");
                    return;
                }
                default -> {
                    System.err.println("error: unknown argument " + arg + " (see --help)");
                    System.exit(2);
                }
            }
        }
        Settings settings = smoke ? Settings.smoke(root, root.resolve(".local/bench-smoke")) : Settings.full(root);
        run(settings, System.out);
    }

    /**
     * @param settings what to measure
     * @param progress where progress lines go
     * @return the figures, also written to {@code settings.out()}
     */
    static Results run(Settings settings, PrintStream progress) throws Exception {
        Benchmarks benchmarks = new Benchmarks(settings, progress);
        long start = System.nanoTime();
        benchmarks.measure();
        Results results = new Results(benchmarks.figures, benchmarks.jmh, Host.describe(), (System.nanoTime() - start) / 1e9);
        results.write(settings.out());
        progress.println(results.markdown());
        progress.println("wrote " + settings.out().resolve("results.md") + " and results.json");
        return results;
    }

    private void measure() throws Exception {
        Path work = settings.root().resolve(".local/bench-work");
        shipped = TemplateLoader.load(settings.root().resolve("template.yaml"), Map.of(),
                new LocalAccount("us-east-1", LocalAccount.ACCOUNT_ID, "local", "http://127.0.0.1:0"));
        Path plain = BenchTemplate.write(work.resolve("bench.yaml"), settings.root(), shipped, false, 0);
        sizes();
        try (LocalCloud cloud = cloud(plain, work.resolve("on-demand"), false)) {
            coldStarts(cloud);
            warmLatency(cloud);
            throughput(cloud);
        }
        try (LocalCloud cloud = cloud(plain, work.resolve("snapstart"), true)) {
            snapStarts(cloud);
        }
        routing(work);
        jmh.addAll(JmhRunner.run(settings.jmh(), progress));
    }

    private LocalCloud cloud(Path template, Path state, boolean snapStart) {
        Options options = Options.defaults(template, state).withSnapStart(snapStart);
        return LocalCloud.start(options, new Trail(new PrintStream(OutputStream.nullOutputStream()), false));
    }

    private void sizes() throws IOException {
        step("deployment zip sizes");
        String[][] dirs = {{"ProducerFunction", "producer", "bench/baseline-producer"}, {"ConsumerFunction", "consumer", "bench/baseline-consumer"}};
        for (String[] pair : dirs) {
            double ours = zipSize(settings.root().resolve(pair[1])) / 1024.0;
            double baseline = zipSize(settings.root().resolve(pair[2])) / 1024.0;
            figures.add(new Figure("Deployment package", pair[0] + " zip", "KiB", Stats.single(ours), Stats.single(baseline),
                    "default SDK dependencies", true));
        }
    }

    /** The zip `sam build` would make of a module: classes at the root, runtime jars under lib/. */
    static long zipSize(Path module) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            add(zip, module.resolve("target/classes"), "");
            add(zip, module.resolve("target/lib"), "lib/");
        }
        return bytes.size();
    }

    private static void add(ZipOutputStream zip, Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is missing: build first (make bench builds everything it needs)");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(prefix + dir.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }

    private void coldStarts(LocalCloud cloud) throws IOException {
        starts(cloud, "Cold start (on demand)", "cold starts, on demand: %s and its baseline", "default clients",
                ": JVM start to init done", ": JVM start to first response", false);
    }

    private void snapStarts(LocalCloud cloud) throws IOException {
        starts(cloud, "SnapStart", "SnapStart: %s primed, its baseline unprimed", "unprimed",
                ": init, priming included", ": first invoke after restore", true);
    }

    /**
     * Fresh JVMs, ours and the baseline's in turn: their init durations, and either the time to the first response
     * (on demand) or the first invoke's own duration (after a SnapStart restore).
     */
    private void starts(LocalCloud cloud, String group, String what, String baselineLabel, String initName, String firstName,
                        boolean firstInvokeOnly) throws IOException {
        for (String[] pair : PAIRS) {
            step(what.formatted(pair[0]) + ", " + settings.runs() + " fresh JVMs each");
            byte[] event = payload(pair[0]);
            List<Double> oursInit = new ArrayList<>();
            List<Double> oursFirst = new ArrayList<>();
            List<Double> baseInit = new ArrayList<>();
            List<Double> baseFirst = new ArrayList<>();
            for (int i = 0; i < settings.runs(); i++) {
                cold(cloud.pool(pair[0]), event, oursInit, oursFirst, firstInvokeOnly);
                cold(cloud.pool(pair[1]), event, baseInit, baseFirst, firstInvokeOnly);
            }
            figures.add(new Figure(group, pair[0] + initName, "ms", Stats.of(oursInit), Stats.of(baseInit), baselineLabel, true));
            figures.add(new Figure(group, pair[0] + firstName, "ms", Stats.of(oursFirst), Stats.of(baseFirst), baselineLabel, true));
        }
    }

    private static void cold(FunctionPool pool, byte[] event, List<Double> init, List<Double> first, boolean firstInvokeOnly) {
        FunctionPool.ColdStart start = pool.coldInvoke(event);
        if (!start.report().ok()) {
            throw new IllegalStateException(pool.function().logicalId() + " failed its cold start: " + start.report().bodyText());
        }
        init.add(start.report().initMs());
        first.add(firstInvokeOnly ? start.report().durationMs() : start.firstResponseMs());
    }

    private void warmLatency(LocalCloud cloud) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (String[] pair : PAIRS) {
            step("warm invokes through the Lambda Invoke API: " + pair[0] + " and its baseline, " + settings.warmInvokes() + " each");
            byte[] event = payload(pair[0]);
            Stats ours = latency(http, cloud, pair[0], event);
            Stats baseline = latency(http, cloud, pair[1], event);
            figures.add(new Figure("Warm invoke (Lambda Invoke API)", pair[0] + ": p50", "ms", Stats.single(ours.median()),
                    Stats.single(baseline.median()), "default clients", true));
            figures.add(new Figure("Warm invoke (Lambda Invoke API)", pair[0] + ": p99", "ms", Stats.single(ours.p99()),
                    Stats.single(baseline.p99()), "default clients", true));
        }
    }

    private Stats latency(HttpClient http, LocalCloud cloud, String function, byte[] event) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(cloud.endpoint() + "/2015-03-31/functions/" + function + "/invocations"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event)).build();
        for (int i = 0; i < Math.min(20, settings.warmInvokes()); i++) {
            http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        List<Double> millis = new ArrayList<>(settings.warmInvokes());
        for (int i = 0; i < settings.warmInvokes(); i++) {
            long begin = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            millis.add((System.nanoTime() - begin) / 1e6);
            if (response.statusCode() != 200 || response.headers().firstValue("X-Amz-Function-Error").isPresent()) {
                throw new IllegalStateException(function + " failed a warm invoke: " + new String(response.body(), StandardCharsets.UTF_8));
            }
        }
        return Stats.of(millis);
    }

    private void throughput(LocalCloud cloud) {
        step("producer throughput: " + settings.throughputEvents() + " events per invoke, batched and one per call, "
                + settings.throughputRuns() + " runs each");
        StringBuilder body = new StringBuilder("{\"body\":[");
        for (int i = 0; i < settings.throughputEvents(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"service\":\"checkout\",\"status\":\"healthy\",\"n\":").append(i).append('}');
        }
        byte[] event = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        List<Double> oursRate = new ArrayList<>();
        List<Double> baseRate = new ArrayList<>();
        List<Double> oursCalls = new ArrayList<>();
        List<Double> baseCalls = new ArrayList<>();
        for (int i = 0; i < settings.throughputRuns(); i++) {
            produce(cloud, "ProducerFunction", event, oursRate, oursCalls);
            produce(cloud, "BaselineProducerFunction", event, baseRate, baseCalls);
        }
        figures.add(new Figure("Producer throughput", settings.throughputEvents() + " events: events per second", "events/s",
                Stats.of(oursRate), Stats.of(baseRate), "one event per PutEvents call", false));
        figures.add(new Figure("Producer throughput", settings.throughputEvents() + " events: PutEvents calls", "calls",
                Stats.of(oursCalls), Stats.of(baseCalls), "one event per PutEvents call", true));
    }

    private void produce(LocalCloud cloud, String function, byte[] event, List<Double> rate, List<Double> calls) {
        FunctionPool pool = cloud.pool(function);
        pool.invoke("{\"body\":{\"warm\":true}}".getBytes(StandardCharsets.UTF_8));
        long before = cloud.router().putEventsCalls();
        long begin = System.nanoTime();
        var report = pool.invoke(event);
        double seconds = (System.nanoTime() - begin) / 1e9;
        JsonObject response = JsonParser.parseString(report.bodyText()).getAsJsonObject();
        if (!report.ok() || response.get("statusCode").getAsInt() != 202) {
            throw new IllegalStateException(function + " did not put every event: " + report.bodyText());
        }
        rate.add(settings.throughputEvents() / seconds);
        calls.add((double) (cloud.router().putEventsCalls() - before));
    }

    private void routing(Path work) throws Exception {
        step("routing: event-ruler matching in-process, " + settings.matchEvents() + " events, 1 rule and "
                + (1 + settings.extraRules()) + " rules");
        String event = "{\"version\":\"0\",\"id\":\"6a7e8feb-b491-4cf7-a9f1-bf3703467718\",\"detail-type\":\"service_status\","
                + "\"source\":\"io.entest.demo\",\"account\":\"000000000000\",\"time\":\"2026-12-04T10:00:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[],\"detail\":{\"service\":\"checkout\",\"status\":\"healthy\",\"latencyMs\":42,\"ip\":\"192.168.1.1\"}}";
        List<Double> one = new ArrayList<>();
        List<Double> many = new ArrayList<>();
        for (int run = 0; run < settings.runs(); run++) {
            one.add(matchRate(event, 0));
            many.add(matchRate(event, settings.extraRules()));
        }
        figures.add(new Figure("Local cloud routing", "matched in-process, " + (1 + settings.extraRules()) + " rules vs 1", "events/s",
                Stats.of(many), Stats.of(one), "the template's rule alone", false));

        step("routing: end to end through PutEvents, the rule, ConsumerFunction and SNS, " + settings.routedEvents() + " events");
        Path oneRule = BenchTemplate.write(work.resolve("route-1.yaml"), settings.root(), shipped, true, 0);
        Path manyRules = BenchTemplate.write(work.resolve("route-many.yaml"), settings.root(), shipped, true, settings.extraRules());
        List<Double> delivered1 = new ArrayList<>();
        List<Double> deliveredMany = new ArrayList<>();
        try (LocalCloud oneCloud = cloud(oneRule, work.resolve("route-1"), true);
             LocalCloud manyCloud = cloud(manyRules, work.resolve("route-many"), true)) {
            // Both scale out first; then their runs alternate, so neither gains from the harness JVM warming up.
            route(oneCloud, Math.max(8, settings.routedEvents() / 5));
            route(manyCloud, Math.max(8, settings.routedEvents() / 5));
            for (int run = 0; run < Math.max(1, settings.throughputRuns()); run++) {
                delivered1.add(route(oneCloud, settings.routedEvents()));
                deliveredMany.add(route(manyCloud, settings.routedEvents()));
            }
        }
        figures.add(new Figure("Local cloud routing", "matched and delivered to SNS, " + (1 + settings.extraRules()) + " rules vs 1",
                "events/s", Stats.of(deliveredMany), Stats.of(delivered1), "the template's rule alone", false));
    }

    private double matchRate(String event, int extraRules) throws Exception {
        Machine machine = Machine.builder().build();
        machine.addRule("ConsumerFunctionStatusEvent", shipped.rules().get(0).pattern());
        for (int i = 0; i < extraRules; i++) {
            machine.addRule("Extra" + i, BenchTemplate.extraPattern(i));
        }
        for (int i = 0; i < Math.min(10_000, settings.matchEvents()); i++) {
            check(machine.rulesForJSONEvent(event));
        }
        long begin = System.nanoTime();
        for (int i = 0; i < settings.matchEvents(); i++) {
            check(machine.rulesForJSONEvent(event));
        }
        return settings.matchEvents() / ((System.nanoTime() - begin) / 1e9);
    }

    private static void check(List<String> matched) {
        if (matched.size() != 1) {
            throw new IllegalStateException("the benchmark event must match exactly the template's rule; it matched " + matched);
        }
    }

    /** Events per second from PutEvents to SNS, through the rule and ConsumerFunction; every one must arrive. */
    private double route(LocalCloud cloud, int events) throws InterruptedException {
        List<io.entest.demo.local.bus.PutEventsEntry> batch = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        long begin = System.nanoTime();
        for (int i = 0; i < events; i++) {
            batch.add(new io.entest.demo.local.bus.PutEventsEntry("io.entest.demo", "service_status",
                    "{\"service\":\"checkout\",\"status\":\"healthy\",\"latencyMs\":42,\"ip\":\"192.168.1.1\",\"n\":" + i + "}",
                    BenchTemplate.BUS, null, List.of()));
            if (batch.size() == 10 || i == events - 1) {
                cloud.router().put(batch).forEach(result -> ids.add(result.eventId()));
                batch.clear();
            }
        }
        if (!cloud.trail().awaitSettled(ids, 300_000)) {
            throw new IllegalStateException("routed events did not all settle");
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        long delivered = ids.stream().filter(id -> !cloud.trail().event(id).snsMessageIds().isEmpty()).count();
        if (delivered != ids.size()) {
            throw new IllegalStateException((ids.size() - delivered) + " routed events did not reach SNS");
        }
        return ids.size() / seconds;
    }

    private byte[] payload(String function) throws IOException {
        return Files.readAllBytes(settings.root().resolve(function.contains("Producer") ? "events/produce.json" : "events/consume.json"));
    }

    private void step(String what) {
        progress.println("bench: " + what);
        progress.flush();
    }
}
