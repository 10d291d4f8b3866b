package io.entest.demo.local.trail;

import io.entest.demo.local.runtime.InvokeReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the user sees: each event's id, the rules it matched, each delivery attempt and its outcome, and where it
 * ended, an SNS message or a dead-letter file. Printed as it happens and kept for {@link #awaitSettled} and the summary.
 *
 * <p>Thread-safe.
 */
public final class Trail {

    private final PrintStream out;
    private final boolean showLogs;
    private final Map<String, EventRecord> events = new ConcurrentHashMap<>();
    private final List<String> unmatchedMessages = new ArrayList<>();

    /** Where one event got to. */
    public static final class EventRecord {
        private final String id;
        private int outstanding;
        private final List<String> rules = new ArrayList<>();
        private final List<String> snsMessageIds = new ArrayList<>();
        private final List<String> deadLetters = new ArrayList<>();
        private final List<String> attempts = new ArrayList<>();

        EventRecord(String id) {
            this.id = id;
        }

        public synchronized List<String> rules() {
            return List.copyOf(rules);
        }

        public synchronized List<String> snsMessageIds() {
            return List.copyOf(snsMessageIds);
        }

        public synchronized List<String> deadLetters() {
            return List.copyOf(deadLetters);
        }

        public synchronized List<String> attempts() {
            return List.copyOf(attempts);
        }

        public synchronized boolean settled() {
            return outstanding == 0;
        }

        public String id() {
            return id;
        }
    }

    /**
     * @param out      where the trail is printed
     * @param showLogs whether the functions' own log lines are printed too
     */
    public Trail(PrintStream out, boolean showLogs) {
        this.out = out;
        this.showLogs = showLogs;
    }

    /** Prints one line. */
    public void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** A line a function JVM printed. */
    public void functionLog(String function, String line) {
        if (showLogs) {
            say("  │ " + function + "  " + line);
        }
    }

    /** A synchronous invoke through the Lambda API or the command line. */
    public void invoked(InvokeReport report, String summary) {
        say("  " + report(report) + "  → " + summary);
    }

    /** An event accepted onto a bus; it stays unsettled until every delivery it starts has ended. */
    public void eventPut(String eventId, String bus, String source, String detailType) {
        events.computeIfAbsent(eventId, EventRecord::new);
        say("event " + shortId(eventId) + "  bus " + bus + "  source " + source + "  detail-type " + detailType);
    }

    /** A rule matched the event and a delivery to its target began. */
    public void matched(String eventId, String rule, String target) {
        EventRecord record = record(eventId);
        synchronized (record) {
            record.rules.add(rule);
            record.outstanding++;
        }
        say("  " + shortId(eventId) + "  rule " + rule + " matched → " + target + " (async)");
    }

    /** A PutEvents entry EventBridge refused: the caller gets the error code and must act on it. */
    public void refused(String bus, String errorCode, String errorMessage) {
        say("PutEvents entry refused  bus " + bus + "  " + errorCode + ": " + errorMessage);
    }

    /** An {@code Event} invoke accepted into a function's asynchronous queue; it settles when its delivery ends. */
    public void queued(String requestId, String function) {
        EventRecord record = record(requestId);
        synchronized (record) {
            record.outstanding++;
        }
        say("invoke " + function + " (Event)  request " + shortId(requestId) + " queued");
    }

    /** The event matched no rule: EventBridge drops it, and so does the local cloud, visibly. */
    public void unmatched(String eventId) {
        say("  " + shortId(eventId) + "  matched no rule");
    }

    /** One delivery attempt to a function. */
    public void attempt(String eventId, int attempt, InvokeReport report) {
        EventRecord record = record(eventId);
        String line = "#" + attempt + " " + report.outcome().name().toLowerCase(Locale.ROOT)
                + (report.ok() ? "" : " (" + report.errorType() + ")");
        synchronized (record) {
            record.attempts.add(line);
        }
        say("  " + shortId(eventId) + "  " + report(report) + "  attempt " + attempt + " → "
                + (report.ok() ? "ok" : report.outcome().name().toLowerCase(Locale.ROOT) + " (" + report.errorType() + "): "
                + errorMessage(report)));
    }

    /** A delivery that will be tried again after a delay. */
    public void retrying(String eventId, String target, long delayMs, String why) {
        say("  " + shortId(eventId) + "  retrying " + target + " in " + delayMs + " ms (" + why + ")");
    }

    /** A delivery ended well: the target function answered. */
    public void delivered(String eventId) {
        finish(eventId);
    }

    /** A delivery ended in a dead-letter place. */
    public void deadLettered(String eventId, String where, String reason) {
        EventRecord record = record(eventId);
        synchronized (record) {
            record.deadLetters.add(where);
        }
        say("  " + shortId(eventId) + "  DEAD-LETTERED → " + where + " (" + reason + ")");
        finish(eventId);
    }

    /** A delivery ended with the event gone, as Lambda does when there is no on-failure destination. */
    public void dropped(String eventId, String reason) {
        say("  " + shortId(eventId) + "  LOST: " + reason);
        finish(eventId);
    }

    /** An SNS message; linked to its event when the message is an event envelope. */
    public void published(String eventId, String topic, String messageId, Collection<String> attributes) {
        say("  " + (eventId == null ? "--------" : shortId(eventId)) + "  SNS " + topic + "  message " + shortId(messageId)
                + (attributes.isEmpty() ? "" : "  attributes " + String.join(", ", attributes)));
        if (eventId == null) {
            synchronized (unmatchedMessages) {
                unmatchedMessages.add(messageId);
            }
            return;
        }
        EventRecord record = record(eventId);
        synchronized (record) {
            record.snsMessageIds.add(messageId);
        }
    }

    /**
     * Waits until every one of the events has settled.
     *
     * @param eventIds  the events
     * @param timeoutMs the longest wait
     * @return whether all settled in time
     */
    public boolean awaitSettled(Collection<String> eventIds, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (eventIds.stream().allMatch(id -> events.containsKey(id) && events.get(id).settled())) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** @return the ids of events still being delivered */
    public List<String> unsettled() {
        return events.values().stream().filter(r -> !r.settled()).map(EventRecord::id).toList();
    }

    /** @return the record of one event, if it reached a bus */
    public EventRecord event(String eventId) {
        return events.get(eventId);
    }

    private EventRecord record(String eventId) {
        return events.computeIfAbsent(eventId, EventRecord::new);
    }

    private void finish(String eventId) {
        EventRecord record = record(eventId);
        String ended;
        synchronized (record) {
            record.outstanding--;
            if (record.outstanding != 0) {
                return;
            }
            ended = ending(record);
        }
        say("  " + shortId(eventId) + "  ended → " + ended);
    }

    /** Where an event ended: its SNS messages, its dead letters, or nowhere. */
    private static String ending(EventRecord record) {
        List<String> places = new ArrayList<>();
        if (!record.snsMessageIds.isEmpty()) {
            places.add("SNS (message " + String.join(", ", record.snsMessageIds.stream().map(Trail::shortId).toList()) + ")");
        }
        record.deadLetters.forEach(file -> places.add("dead letter " + file));
        return places.isEmpty() ? "nowhere: LOST" : String.join(" and ", places);
    }

    /** @return one line per event: id, rules matched, attempts, where it ended */
    public List<String> eventsView(Collection<String> eventIds) {
        List<String> lines = new ArrayList<>();
        for (String id : eventIds) {
            EventRecord record = events.get(id);
            if (record == null) {
                lines.add(shortId(id) + "  never reached a bus");
                continue;
            }
            synchronized (record) {
                lines.add(shortId(id) + "  rules " + (record.rules.isEmpty() ? "(none)" : String.join(", ", record.rules))
                        + "  attempts " + (record.attempts.isEmpty() ? "(none)" : String.join(", ", record.attempts))
                        + "  → " + (record.outstanding > 0 ? "still in delivery" : ending(record)));
            }
        }
        return lines;
    }

    /** The REPORT line's figures, short enough to read at a glance. */
    public static String report(InvokeReport report) {
        StringBuilder line = new StringBuilder("REPORT ").append(report.function());
        if (report.initMs() >= 0) {
            line.append(String.format(Locale.ROOT, "  Init %.0f ms", report.initMs()));
            if (report.restoreMs() >= 0) {
                line.append(String.format(Locale.ROOT, " (SnapStart: restore %.0f ms)", report.restoreMs()));
            }
        }
        line.append(String.format(Locale.ROOT, "  Duration %.0f ms", report.durationMs()));
        if (report.maxMemoryMb() >= 0) {
            line.append("  Max Memory ").append(report.maxMemoryMb()).append(" MB");
        }
        return line.toString();
    }

    private static String errorMessage(InvokeReport report) {
        String body = report.bodyText();
        int at = body.indexOf("\"errorMessage\":\"");
        if (at < 0) {
            return body.length() > 200 ? body.substring(0, 200) + "…" : body;
        }
        int end = body.indexOf('"', at + 16);
        while (end > 0 && body.charAt(end - 1) == '\\') {
            end = body.indexOf('"', end + 1);
        }
        return end < 0 ? body.substring(at + 16) : body.substring(at + 16, end);
    }

    /** A path as the user would type it: relative to the working folder when it is inside it. */
    public static String display(java.nio.file.Path path) {
        java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
        java.nio.file.Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }

    /** The first eight characters of an id: enough to follow one event through the trail. */
    public static String shortId(String id) {
        return id.length() <= 8 ? id : id.substring(0, 8);
    }
}
