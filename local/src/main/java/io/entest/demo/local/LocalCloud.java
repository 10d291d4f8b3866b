package io.entest.demo.local;

import io.entest.demo.local.api.AwsApiServer;
import io.entest.demo.local.bus.EventRouter;
import io.entest.demo.local.delivery.AsyncInvoker;
import io.entest.demo.local.delivery.DeadLetters;
import io.entest.demo.local.runtime.FunctionInstance;
import io.entest.demo.local.runtime.FunctionPool;
import io.entest.demo.local.runtime.TaskLayout;
import io.entest.demo.local.sns.TopicStore;
import io.entest.demo.local.template.LocalAccount;
import io.entest.demo.local.template.LocalTemplate;
import io.entest.demo.local.template.TemplateLoader;
import io.entest.demo.local.trail.Trail;
import java.io.IOException;
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

/**
 * The local cloud: runs {@code template.yaml} on one machine. One loopback port serves EventBridge, SNS and Lambda;
 * rules are matched by event-ruler; each function runs in its own JVM under the Lambda Runtime Interface Client.
 *
 * <p>Thread-safe. {@link #close()} stops every JVM it started and frees its port.
 */
public final class LocalCloud implements AutoCloseable {


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
    private final Path taskRoot;
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
        this.taskRoot = TaskLayout.processRoot(stateDir);
        try {
            for (LocalTemplate.Function function : template.functions().values()) {
                Path taskRoot = TaskLayout.layOut(function, this.taskRoot);
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
            logs.forEach(PrintWriter::close);
            try {
                TaskLayout.deleteTree(taskRoot);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
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

    /** @return the folder of messages, dead letters, logs and laid-out code */
    public Path stateDir() {
        return stateDir;
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
        try {
            TaskLayout.deleteTree(taskRoot);
        } catch (IOException e) {
            trail.say("could not remove " + Trail.display(taskRoot) + ": " + e.getMessage());
        }
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
}
