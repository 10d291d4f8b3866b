package io.entest.demo.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.entest.demo.local.api.AwsApiServer;
import io.entest.demo.local.bus.EventRouter;
import io.entest.demo.local.delivery.AsyncInvoker;
import io.entest.demo.local.delivery.DeadLetters;
import io.entest.demo.local.runtime.FunctionInstance;
import io.entest.demo.local.runtime.FunctionPool;
import io.entest.demo.local.runtime.InvokeReport;
import io.entest.demo.local.runtime.TaskLayout;
import io.entest.demo.local.sns.TopicStore;
import io.entest.demo.local.template.LocalAccount;
import io.entest.demo.local.template.LocalTemplate;
import io.entest.demo.local.template.TemplateException;
import io.entest.demo.local.template.TemplateLoader;
import io.entest.demo.local.trail.Trail;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local cloud: runs {@code template.yaml} on one machine. One loopback port serves EventBridge, SNS and Lambda;
 * rules are matched by event-ruler; each function runs in its own JVM under the Lambda Runtime Interface Client.
 *
 * <p>Thread-safe. {@link #close()} stops every JVM it started and frees its port.
 */
public final class LocalCloud implements AutoCloseable {

    /** The function {@code run} invokes first. */
    static final String PRODUCER = "ProducerFunction";
    /** The longest {@code run} waits for the events to reach SNS or a dead-letter place. */
    static final long SETTLE_TIMEOUT_MS = 300_000;
    /** How many events the closing events view lists. */
    static final int EVENTS_SHOWN = 20;

    private final LocalTemplate template;
    private final Trail trail;
    private final Map<String, FunctionPool> pools = new LinkedHashMap<>();
    private final List<PrintWriter> logs = new ArrayList<>();
    private final AsyncInvoker invoker;
    private final EventRouter router;
    private final TopicStore topics;
    private final DeadLetters deadLetters;
    private final AwsApiServer server;
    private final Path stateDir;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private LocalCloud(Options options, Trail trail) {
        this.trail = trail;
        this.stateDir = options.stateDir().toAbsolutePath();
        int port = options.port() == 0 ? freePort() : options.port();
        String endpoint = "http://127.0.0.1:" + port;
        this.template = TemplateLoader.load(options.template(), options.parameters(),
                new LocalAccount(options.region(), LocalAccount.ACCOUNT_ID, "local", endpoint));
        prepareState();
        Path ricDir = ricDir();
        Path jniLib = io.entest.demo.local.runtime.NativeLibrary.unpack(ricDir, stateDir);
        try {
            for (LocalTemplate.Function function : template.functions().values()) {
                Path taskRoot = TaskLayout.layOut(function, stateDir);
                Map<String, String> env = new LinkedHashMap<>(FunctionInstance.environment(function, options.region(), endpoint, stateDir));
                env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
                PrintWriter log = functionLog(function.logicalId());
                pools.put(function.logicalId(), new FunctionPool(function, taskRoot, ricDir, env, options.snapStart(), jniLib,
                        options.concurrency(), line -> {
                            log.println(line);
                            trail.functionLog(function.logicalId(), line);
                        }));
            }
            this.deadLetters = new DeadLetters(stateDir.resolve("dead-letters"));
            this.invoker = new AsyncInvoker(pools, deadLetters, trail, options.retryDelayScale());
            this.router = new EventRouter(template, invoker, trail);
            router.faults(new EventRouter.Faults(options.faultThrottle(), options.faultInternal()));
            this.topics = new TopicStore(template.topics(), stateDir.resolve("sns"), trail);
            topics.faults(options.faultSnsFailures(), options.faultSnsRate());
            for (Map.Entry<String, Integer> kill : options.faultKills().entrySet()) {
                FunctionPool pool = pools.get(kill.getKey());
                if (pool == null) {
                    throw new IllegalStateException("--fault-kill names " + kill.getKey() + ", which is not in the template; it has "
                            + String.join(", ", pools.keySet()));
                }
                pool.killDuringNextInvokes(kill.getValue());
            }
            this.server = new AwsApiServer(port, template, router, topics, pools, invoker, trail);
        } catch (RuntimeException e) {
            pools.values().forEach(FunctionPool::close);
            throw e;
        }
    }

    /**
     * Starts a local cloud.
     *
     * @param options what to run and how
     * @param trail   where what happens is shown
     * @return the running local cloud
     */
    public static LocalCloud start(Options options, Trail trail) {
        return new LocalCloud(options, trail);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public LocalTemplate template() {
        return template;
    }

    public Trail trail() {
        return trail;
    }

    public FunctionPool pool(String function) {
        return pools.get(function);
    }

    public EventRouter router() {
        return router;
    }

    public TopicStore topics() {
        return topics;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    /** @return what the banner says about the template */
    String banner() {
        String line = "local cloud on " + endpoint() + "  (" + template.path().getFileName() + ": " + template.functions().size()
                + " functions, " + template.buses().size() + " buses, " + template.rules().size() + " rule"
                + (template.rules().size() == 1 ? "" : "s") + ", " + template.topics().size() + " topic"
                + (template.topics().size() == 1 ? "" : "s") + ")";
        if (!template.notEmulated().isEmpty()) {
            line += "\n  not emulated: " + String.join(", ", template.notEmulated());
        }
        return line;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close();
        invoker.close();
        pools.values().forEach(FunctionPool::close);
        logs.forEach(PrintWriter::close);
    }

    private void prepareState() {
        try {
            Files.createDirectories(stateDir.resolve("logs"));
            for (String file : List.of("aws-config", "aws-credentials")) {
                Path path = stateDir.resolve(file);
                if (!Files.exists(path)) {
                    Files.writeString(path, "");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the state folder " + stateDir + ": " + e.getMessage(), e);
        }
    }

    private PrintWriter functionLog(String function) {
        try {
            PrintWriter writer = new PrintWriter(Files.newBufferedWriter(stateDir.resolve("logs").resolve(function + ".log"),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
            logs.add(writer);
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log of " + function + ": " + e.getMessage(), e);
        }
    }

    /** The Runtime Interface Client's jars: {@code local.ric.dir}, else {@code ric/} beside this module's classes. */
    static Path ricDir() {
        String configured = System.getProperty("local.ric.dir");
        Path dir;
        if (configured != null) {
            dir = Path.of(configured);
        } else {
            try {
                dir = Path.of(LocalCloud.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent().resolve("ric");
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the Runtime Interface Client's jars are not in " + dir + "; run `make build`");
        }
        return dir;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port: " + e.getMessage(), e);
        }
    }

    public static void main(String[] args) {
        System.exit(main(args, System.out, System.err));
    }

    /**
     * @return the process exit code: 0 done, 1 the flow failed or lost an event, 2 bad usage or template
     */
    static int main(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (options.command().equals("help")) {
            out.print(Options.HELP);
            return 0;
        }
        Trail trail = new Trail(options.command().equals("invoke") ? err : out, options.showLogs());
        try (LocalCloud cloud = start(options, trail)) {
            return switch (options.command()) {
                case "serve" -> cloud.serve();
                case "run" -> cloud.runFlow(options.event());
                case "invoke" -> cloud.invokeOne(options.arguments().get(0), options.event(), out);
                default -> 2;
            };
        } catch (TemplateException | IllegalStateException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int serve() throws InterruptedException {
        trail.say(banner());
        trail.say("""
                  EventBridge, SNS and Lambda on %1$s; function logs in %2$s
                  try:  aws --endpoint-url %1$s --region %3$s lambda invoke --function-name ProducerFunction \\
                          --payload fileb://events/produce.json /dev/stdout
                        aws --endpoint-url %1$s --region %3$s events list-rules --event-bus-name %4$s
                        aws --endpoint-url %1$s --region %3$s sns list-topics
                  SNS messages go to %5$s, dead letters to %6$s. Ctrl-C stops it.""".formatted(endpoint(),
                Trail.display(stateDir.resolve("logs")), template.account().region(),
                template.rules().isEmpty() ? "default" : template.rules().get(0).busName(), Trail.display(topics.dir()),
                Trail.display(deadLetters.dir())));
        for (LocalTemplate.Function function : template.functions().values()) {
            if (function.functionUrl()) {
                trail.say("  Function URL of " + function.logicalId() + ": " + template.account().functionUrl(function.logicalId())
                        + "   (curl -d @body.json ...; AWS_IAM is not checked locally)");
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private int runFlow(Path eventFile) throws InterruptedException {
        byte[] event = read(eventFile);
        FunctionPool producer = pools.get(PRODUCER);
        if (producer == null) {
            throw new IllegalStateException("the template has no " + PRODUCER + " to run; it has " + String.join(", ", pools.keySet()));
        }
        trail.say(banner());
        template.rules().forEach(rule -> pools.get(rule.targetFunction()).prewarm());
        trail.say("invoke " + PRODUCER + "  " + eventFile);
        InvokeReport report = producer.invoke(event);
        if (!report.ok()) {
            trail.invoked(report, report.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + report.bodyText());
            return 1;
        }
        JsonObject response = JsonParser.parseString(report.bodyText()).getAsJsonObject();
        int status = response.get("statusCode").getAsInt();
        JsonObject body = JsonParser.parseString(response.get("body").getAsString()).getAsJsonObject();
        List<String> eventIds = new ArrayList<>();
        body.getAsJsonArray("eventIds").forEach(id -> eventIds.add(id.getAsString()));
        trail.invoked(report, status + ", " + eventIds.size() + " event" + (eventIds.size() == 1 ? "" : "s"));
        if (body.has("error")) {
            trail.say("producer refused the request: " + body.get("error").getAsString() + " (nothing was sent)");
        }
        for (JsonElement failure : body.getAsJsonArray("failed")) {
            JsonObject f = failure.getAsJsonObject();
            trail.say("producer could not send body[" + f.get("index").getAsInt() + "]: " + f.get("errorCode").getAsString()
                    + " " + f.get("errorMessage"));
        }
        boolean settled = trail.awaitSettled(eventIds, SETTLE_TIMEOUT_MS);
        int delivered = 0;
        int deadLettered = 0;
        for (String id : eventIds) {
            Trail.EventRecord record = trail.event(id);
            if (record != null && !record.snsMessageIds().isEmpty()) {
                delivered++;
            } else if (record != null && !record.deadLetters().isEmpty()) {
                deadLettered++;
            }
        }
        int lost = eventIds.size() - delivered - deadLettered;
        if (!eventIds.isEmpty()) {
            trail.say("events");
            List<String> view = trail.eventsView(eventIds);
            view.stream().limit(EVENTS_SHOWN).forEach(line -> trail.say("  " + line));
            if (view.size() > EVENTS_SHOWN) {
                trail.say("  … and " + (view.size() - EVENTS_SHOWN) + " more");
            }
        }
        trail.say(eventIds.size() + " event" + (eventIds.size() == 1 ? "" : "s") + " produced, " + delivered + " delivered to SNS, "
                + deadLettered + " dead-lettered, " + lost + (settled ? " lost" : " unaccounted for (timed out waiting)"));
        if (delivered > 0) {
            trail.say("SNS messages: " + Trail.display(topics.dir()));
        }
        if (deadLettered > 0) {
            trail.say("dead letters: " + Trail.display(deadLetters.dir()));
        }
        return status == 202 && delivered == eventIds.size() ? 0 : 1;
    }

    private int invokeOne(String function, Path eventFile, PrintStream out) throws InterruptedException {
        LocalTemplate.Function spec = template.function(function).orElseThrow(() -> new IllegalStateException(
                "no function " + function + " in the template; it has " + String.join(", ", pools.keySet())));
        byte[] event = read(eventFile);
        InvokeReport report = pools.get(spec.logicalId()).invoke(event);
        trail.say(report.reportLine());
        out.println(report.bodyText());
        out.flush();
        trail.awaitSettled(trail.unsettled(), SETTLE_TIMEOUT_MS);
        return report.ok() ? 0 : 1;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event file " + file + ": " + e.getMessage(), e);
        }
    }
}
