package io.entest.demo.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.entest.demo.local.runtime.FunctionPool;
import io.entest.demo.local.runtime.InvokeReport;
import io.entest.demo.local.template.LocalTemplate;
import io.entest.demo.local.template.TemplateException;
import io.entest.demo.local.trail.Trail;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The local cloud's command line: {@code serve} ({@code make local}), {@code run} ({@code make run}) and
 * {@code invoke} ({@code make invoke}). See {@link Options#HELP}.
 */
public final class Main {

    /** The function {@code run} invokes first. */
    static final String PRODUCER = "ProducerFunction";
    /** The longest {@code run} and {@code invoke} wait for events to reach SNS or a dead-letter place. */
    static final long SETTLE_TIMEOUT_MS = 300_000;
    /** How many events the closing events view lists. */
    static final int EVENTS_SHOWN = 20;

    private final LocalCloud cloud;
    private final Trail trail;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Main(LocalCloud cloud, Trail trail) {
        this.cloud = cloud;
        this.trail = trail;
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
        try (LocalCloud cloud = LocalCloud.start(options, trail)) {
            Main commands = new Main(cloud, trail);
            // Ctrl-C, in any command, stops every function JVM and frees the port before the process ends.
            Thread stop = new Thread(() -> {
                cloud.close();
                commands.stopped.countDown();
            }, "local-cloud-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                return switch (options.command()) {
                    case "serve" -> commands.serve();
                    case "run" -> commands.runFlow(options.event());
                    case "invoke" -> commands.invokeOne(options.arguments().get(0), options.event(), out);
                    default -> 2;
                };
            } finally {
                removeHook(stop);
            }
        } catch (TemplateException | IllegalStateException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int serve() throws InterruptedException {
        String endpoint = cloud.endpoint();
        String region = cloud.template().account().region();
        trail.say(cloud.banner());
        trail.say("EventBridge, SNS and Lambda on " + endpoint + "; function logs in " + Trail.display(cloud.stateDir().resolve("logs")));
        trail.say("try:  aws --endpoint-url " + endpoint + " --region " + region + " lambda invoke --function-name ProducerFunction \\\n"
                + "        --payload fileb://events/produce.json /dev/stdout");
        trail.say("      aws --endpoint-url " + endpoint + " --region " + region + " events list-rules --event-bus-name "
                + (cloud.template().rules().isEmpty() ? "default" : cloud.template().rules().get(0).busName()));
        trail.say("      aws --endpoint-url " + endpoint + " --region " + region + " sns list-topics");
        for (LocalTemplate.Function function : cloud.template().functions().values()) {
            if (function.functionUrl()) {
                trail.say("Function URL of " + function.logicalId() + ": " + cloud.template().account().functionUrl(function.logicalId())
                        + "  (AWS_IAM is not checked locally)");
            }
        }
        trail.say("SNS messages go to " + Trail.display(cloud.topics().dir()) + ", dead letters to " + Trail.display(cloud.deadLetters().dir())
                + ". Ctrl-C stops it.");
        stopped.await();
        return 0;
    }

    private int runFlow(Path eventFile) throws InterruptedException {
        byte[] event = read(eventFile);
        FunctionPool producer = cloud.pool(PRODUCER);
        if (producer == null) {
            throw new IllegalStateException("the template has no " + PRODUCER + " to run; it has " + String.join(", ", cloud.template().functions().keySet()));
        }
        trail.say(cloud.banner());
        cloud.template().rules().forEach(rule -> cloud.pool(rule.targetFunction()).prewarm());
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
            trail.say("SNS messages: " + Trail.display(cloud.topics().dir()));
        }
        if (deadLettered > 0) {
            trail.say("dead letters: " + Trail.display(cloud.deadLetters().dir()));
        }
        return status == 202 && delivered == eventIds.size() ? 0 : 1;
    }

    private int invokeOne(String function, Path eventFile, PrintStream out) throws InterruptedException {
        LocalTemplate.Function spec = cloud.template().function(function).orElseThrow(() -> new IllegalStateException(
                "no function " + function + " in the template; it has " + String.join(", ", cloud.template().functions().keySet())));
        byte[] event = read(eventFile);
        InvokeReport report = cloud.pool(spec.logicalId()).invoke(event);
        trail.say(report.reportLine());
        out.println(report.bodyText());
        out.flush();
        trail.awaitSettled(trail.unsettled(), SETTLE_TIMEOUT_MS);
        return report.ok() ? 0 : 1;
    }

    /** Removes the stop hook once a command has ended by itself; during shutdown the hook is already running. */
    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting and the hook has run or is running.
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event file " + file + ": " + e.getMessage(), e);
        }
    }
}
