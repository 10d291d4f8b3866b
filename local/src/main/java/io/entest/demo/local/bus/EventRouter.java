package io.entest.demo.local.bus;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.entest.demo.local.delivery.AsyncInvoker;
import io.entest.demo.local.template.LocalTemplate;
import io.entest.demo.local.trail.Trail;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.event.ruler.Machine;

/**
 * The event buses: PutEvents validation as EventBridge does it, the template's rules matched by AWS's own engine
 * (event-ruler), and each match handed to the target's asynchronous delivery.
 *
 * <p>Thread-safe: event-ruler's {@link Machine} is safe for concurrent matching.
 */
public final class EventRouter {

    /** PutEvents takes at most this many entries. */
    public static final int MAX_ENTRIES = 10;
    /** PutEvents takes at most this many bytes, counted by EventBridge's entry-size formula. */
    public static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private final LocalTemplate template;
    private final AsyncInvoker invoker;
    private final Trail trail;
    private final Map<String, Machine> machines = new HashMap<>();
    private final Map<String, LocalTemplate.Rule> rules = new HashMap<>();
    private volatile Faults faults = Faults.NONE;
    private final java.util.concurrent.atomic.AtomicLong putEventsCalls = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Failures to inject into PutEvents entries, as a throttled or troubled EventBridge answers.
     *
     * @param throttledShare share of accepted entries that fail with {@code ThrottlingException}
     * @param internalShare  share that fail with {@code InternalFailure}
     */
    public record Faults(double throttledShare, double internalShare) {
        public static final Faults NONE = new Faults(0, 0);
    }

    /**
     * @param template the template's buses and rules
     * @param invoker  where matched events are delivered
     * @param trail    what the user sees
     */
    public EventRouter(LocalTemplate template, AsyncInvoker invoker, Trail trail) {
        this.template = template;
        this.invoker = invoker;
        this.trail = trail;
        for (String bus : template.buses().keySet()) {
            machines.put(bus, Machine.builder().build());
        }
        for (LocalTemplate.Rule rule : template.rules()) {
            try {
                machines.get(rule.busName()).addRule(rule.logicalId(), rule.pattern());
            } catch (Exception e) {
                throw new IllegalStateException("rule " + rule.logicalId() + " has a pattern event-ruler refuses: " + e.getMessage(), e);
            }
            rules.put(rule.logicalId(), rule);
        }
    }

    /** @return how many PutEvents requests reached the buses so far */
    public long putEventsCalls() {
        return putEventsCalls.get();
    }

    /** Sets the failures to inject from now on. */
    public void faults(Faults faults) {
        this.faults = faults;
    }

    /**
     * The size EventBridge counts for an entry: 14 bytes for Time when set, plus the UTF-8 bytes of Source,
     * DetailType, Detail and each Resource.
     */
    public static int entrySize(PutEventsEntry entry) {
        int size = entry.time() == null ? 0 : 14;
        size += utf8(entry.source()) + utf8(entry.detailType()) + utf8(entry.detail());
        for (String resource : entry.resources()) {
            size += utf8(resource);
        }
        return size;
    }

    /**
     * Validates and routes the entries of one PutEvents request whose entry count and size were already checked.
     *
     * @param entries the entries
     * @return one result per entry, in order
     */
    public List<EntryResult> put(List<PutEventsEntry> entries) {
        putEventsCalls.incrementAndGet();
        List<EntryResult> results = new ArrayList<>(entries.size());
        for (PutEventsEntry entry : entries) {
            EntryResult result = putOne(entry);
            if (!result.ok()) {
                trail.refused(entry.eventBusName() == null ? "default" : entry.eventBusName(), result.errorCode(), result.errorMessage());
            }
            results.add(result);
        }
        return results;
    }

    private EntryResult putOne(PutEventsEntry entry) {
        EntryResult invalid = validate(entry);
        if (invalid != null) {
            return invalid;
        }
        LocalTemplate.Bus bus = template.bus(entry.eventBusName()).orElse(null);
        if (bus == null) {
            return EntryResult.failed("ResourceNotFoundException", "Event bus " + entry.eventBusName() + " does not exist.");
        }
        Faults now = faults;
        double roll = ThreadLocalRandom.current().nextDouble();
        if (roll < now.throttledShare()) {
            return EntryResult.failed("ThrottlingException", "Rate exceeded. (injected by the local cloud)");
        }
        if (roll < now.throttledShare() + now.internalShare()) {
            return EntryResult.failed("InternalFailure", "Internal service error. (injected by the local cloud)");
        }
        String id = UUID.randomUUID().toString();
        JsonObject event = envelope(id, entry);
        String eventJson = GSON.toJson(event);
        trail.eventPut(id, bus.name(), entry.source(), entry.detailType());
        List<String> matched;
        try {
            matched = machines.get(bus.name()).rulesForJSONEvent(eventJson);
        } catch (Exception e) {
            throw new IllegalStateException("event-ruler could not read event " + id + ": " + e.getMessage(), e);
        }
        if (matched.isEmpty()) {
            trail.unmatched(id);
        }
        byte[] payload = eventJson.getBytes(StandardCharsets.UTF_8);
        for (String ruleId : matched) {
            LocalTemplate.Rule rule = rules.get(ruleId);
            trail.matched(id, ruleId, rule.targetFunction());
            invoker.deliver(rule, id, payload);
        }
        return EntryResult.accepted(id);
    }

    private static EntryResult validate(PutEventsEntry entry) {
        for (String[] field : new String[][]{{"Source", entry.source()}, {"DetailType", entry.detailType()}, {"Detail", entry.detail()}}) {
            if (field[1] == null || field[1].isEmpty()) {
                return EntryResult.failed("InvalidArgument",
                        "Parameter " + field[0] + " is not valid. Reason: " + field[0] + " is a required argument.");
            }
        }
        if (entry.source().startsWith("aws.")) {
            return EntryResult.failed("NotAuthorizedForSourceException", "Not authorized for the source.");
        }
        if (detailObject(entry.detail()) == null) {
            return EntryResult.failed("MalformedDetail", "Detail is malformed.");
        }
        if (entry.time() != null) {
            try {
                Instant.parse(entry.time());
            } catch (DateTimeParseException e) {
                return EntryResult.failed("InvalidArgument", "Parameter Time is not valid. Reason: " + e.getMessage());
            }
        }
        return null;
    }

    private JsonObject envelope(String id, PutEventsEntry entry) {
        JsonObject event = new JsonObject();
        event.addProperty("version", "0");
        event.addProperty("id", id);
        event.addProperty("detail-type", entry.detailType());
        event.addProperty("source", entry.source());
        event.addProperty("account", template.account().accountId());
        Instant time = entry.time() == null ? Instant.now() : Instant.parse(entry.time());
        event.addProperty("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        event.addProperty("region", template.account().region());
        JsonArray resources = new JsonArray();
        entry.resources().forEach(resources::add);
        event.add("resources", resources);
        event.add("detail", detailObject(entry.detail()));
        return event;
    }

    /**
     * EventBridge's TestEventPattern, with AWS's own engine.
     *
     * @param pattern the event pattern
     * @param event   the event
     * @return whether the pattern matches
     * @throws IllegalArgumentException with EventBridge's reason when the pattern or event is invalid
     */
    public static boolean testEventPattern(String pattern, String event) {
        JsonObject parsed = detailObject(event);
        if (parsed == null) {
            throw new IllegalArgumentException("Event: Provided Event is not a valid JSON object.");
        }
        for (String field : List.of("id", "account", "source", "time", "region", "resources", "detail-type")) {
            if (!parsed.has(field)) {
                throw new IllegalArgumentException("Event: Provided Event must have the following fields: "
                        + "id, account, source, time, region, resources, detail-type. Missing: " + field);
            }
        }
        Machine machine = Machine.builder().build();
        try {
            machine.addRule("test", pattern);
        } catch (Exception e) {
            throw new InvalidPatternException("Event pattern is not valid. Reason: " + e.getMessage());
        }
        try {
            return !machine.rulesForJSONEvent(event).isEmpty();
        } catch (Exception e) {
            throw new IllegalArgumentException("Event: " + e.getMessage());
        }
    }

    /** An event pattern that event-ruler refuses. */
    public static final class InvalidPatternException extends IllegalArgumentException {
        InvalidPatternException(String message) {
            super(message);
        }
    }

    /** Strict JSON: the detail must be exactly one JSON object. */
    private static JsonObject detailObject(String text) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement value = JsonParser.parseReader(reader);
            return value.isJsonObject() && reader.peek() == JsonToken.END_DOCUMENT ? value.getAsJsonObject() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static int utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
