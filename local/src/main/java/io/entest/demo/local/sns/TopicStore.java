package io.entest.demo.local.sns;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.entest.demo.local.template.LocalTemplate;
import io.entest.demo.local.trail.Trail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The template's SNS topics. Each published message is shown in the trail and appended to
 * {@code <state>/sns/<topic>.jsonl}. FIFO topics deduplicate on {@code MessageDeduplicationId} as SNS does.
 *
 * <p>Thread-safe.
 */
public final class TopicStore {

    /** SNS takes at most 256 KiB: the message plus each attribute's name, type and value. */
    public static final int MAX_MESSAGE_BYTES = 256 * 1024;

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private final Map<String, LocalTemplate.Topic> topics;
    private final Path dir;
    private final Trail trail;
    private final Map<String, String> deduplication = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong(10_000_000_000_000_000L);
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile double failureRate;

    /**
     * One Publish request.
     *
     * @param topicArn        {@code TopicArn}
     * @param message         {@code Message}
     * @param subject         {@code Subject}, or {@code null}
     * @param attributes      {@code MessageAttributes}: name to (data type, value)
     * @param groupId         {@code MessageGroupId}, or {@code null}
     * @param deduplicationId {@code MessageDeduplicationId}, or {@code null}
     */
    public record Publish(String topicArn, String message, String subject, Map<String, String[]> attributes, String groupId,
                          String deduplicationId) {
    }

    /**
     * The answer to Publish.
     *
     * @param messageId      the message id
     * @param sequenceNumber the FIFO sequence number, or {@code null}
     */
    public record Published(String messageId, String sequenceNumber) {
    }

    /** A Publish SNS refuses, with its AWS error code and HTTP status. */
    public static final class PublishException extends RuntimeException {
        private final String code;
        private final int status;

        PublishException(String code, int status, String message) {
            super(message);
            this.code = code;
            this.status = status;
        }

        public String code() {
            return code;
        }

        public int status() {
            return status;
        }
    }

    /**
     * @param topics the topics by ARN
     * @param dir    where message files are written
     * @param trail  what the user sees
     */
    public TopicStore(Map<String, LocalTemplate.Topic> topics, Path dir, Trail trail) {
        this.topics = topics;
        this.dir = dir;
        this.trail = trail;
    }

    /**
     * Makes the next Publish calls fail with {@code InternalError}: the first {@code count}, then a share of the rest.
     *
     * @param count how many calls fail first
     * @param rate  the share of later calls that fail
     */
    public void faults(int count, double rate) {
        failuresLeft.set(count);
        failureRate = rate;
    }

    /** @return the topics' ARNs */
    public List<String> topicArns() {
        return List.copyOf(topics.keySet());
    }

    /**
     * @param publish the request
     * @return the message id
     * @throws PublishException as SNS refuses
     */
    public Published publish(Publish publish) {
        if (publish.topicArn() == null) {
            throw new PublishException("InvalidParameter", 400, "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
        }
        LocalTemplate.Topic topic = topics.get(publish.topicArn());
        if (topic == null) {
            throw new PublishException("NotFound", 404, "Topic does not exist");
        }
        if (publish.message() == null || publish.message().isEmpty()) {
            throw new PublishException("InvalidParameter", 400, "Invalid parameter: Empty message");
        }
        int bytes = publish.message().getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, String[]> attribute : publish.attributes().entrySet()) {
            bytes += utf8(attribute.getKey()) + utf8(attribute.getValue()[0]) + utf8(attribute.getValue()[1]);
        }
        if (bytes > MAX_MESSAGE_BYTES) {
            throw new PublishException("InvalidParameter", 400,
                    "Invalid parameter: Message too long (" + bytes + " bytes; the limit is " + MAX_MESSAGE_BYTES + ")");
        }
        if (topic.fifo() && (publish.groupId() == null || publish.deduplicationId() == null)) {
            throw new PublishException("InvalidParameter", 400, "Invalid parameter: The MessageGroupId and MessageDeduplicationId "
                    + "parameters are required for a topic with .fifo suffix");
        }
        if (!topic.fifo() && publish.deduplicationId() != null) {
            throw new PublishException("InvalidParameter", 400,
                    "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type");
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || ThreadLocalRandom.current().nextDouble() < failureRate) {
            trail.say("  " + Optional.ofNullable(eventId(publish.message())).map(Trail::shortId).orElse("--------")
                    + "  SNS " + topic.name() + "  Publish failed: InternalError (injected)");
            throw new PublishException("InternalError", 500, "Internal error (injected by the local cloud)");
        }
        synchronized (deduplication) {
            String key = topic.arn() + "\u0000" + publish.deduplicationId();
            if (topic.fifo() && deduplication.containsKey(key)) {
                return new Published(deduplication.get(key), Long.toString(sequence.get()));
            }
            String messageId = UUID.randomUUID().toString();
            String sequenceNumber = topic.fifo() ? Long.toString(sequence.incrementAndGet()) : null;
            if (topic.fifo()) {
                deduplication.put(key, messageId);
            }
            store(topic, messageId, sequenceNumber, publish);
            return new Published(messageId, sequenceNumber);
        }
    }

    private void store(LocalTemplate.Topic topic, String messageId, String sequenceNumber, Publish publish) {
        JsonObject record = new JsonObject();
        record.addProperty("Type", "Notification");
        record.addProperty("MessageId", messageId);
        record.addProperty("TopicArn", topic.arn());
        if (publish.subject() != null) {
            record.addProperty("Subject", publish.subject());
        }
        record.addProperty("Message", publish.message());
        record.addProperty("Timestamp", Instant.now().toString());
        if (sequenceNumber != null) {
            record.addProperty("SequenceNumber", sequenceNumber);
            record.addProperty("MessageGroupId", publish.groupId());
            record.addProperty("MessageDeduplicationId", publish.deduplicationId());
        }
        JsonObject attributes = new JsonObject();
        Map<String, String[]> ordered = new LinkedHashMap<>(publish.attributes());
        for (Map.Entry<String, String[]> attribute : ordered.entrySet()) {
            JsonObject value = new JsonObject();
            value.addProperty("Type", attribute.getValue()[0]);
            value.addProperty("Value", attribute.getValue()[1]);
            attributes.add(attribute.getKey(), value);
        }
        record.add("MessageAttributes", attributes);
        Path file = dir.resolve(topic.name() + ".jsonl");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, GSON.toJson(record) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        trail.published(eventId(publish.message()), topic.name(), messageId, ordered.keySet());
    }

    /** The event id when the message is an EventBridge event, as the consumer publishes it. */
    private static String eventId(String message) {
        try {
            JsonElement parsed = JsonParser.parseString(message);
            if (parsed.isJsonObject() && parsed.getAsJsonObject().has("id") && parsed.getAsJsonObject().has("detail-type")) {
                return parsed.getAsJsonObject().get("id").getAsString();
            }
        } catch (RuntimeException notAnEvent) {
            return null;
        }
        return null;
    }

    private static int utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** @return the folder the message files are in */
    public Path dir() {
        return dir;
    }
}
