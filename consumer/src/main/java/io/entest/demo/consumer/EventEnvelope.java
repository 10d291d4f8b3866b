package io.entest.demo.consumer;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An EventBridge event as a rule delivers it to a Lambda target. Unknown fields are kept in {@link #json()};
 * only {@code id}, {@code source}, {@code detail-type} and {@code detail} are required.
 *
 * @param version    the envelope version, "0" today
 * @param id         the event id, unique per event: the idempotency key of an at-least-once delivery
 * @param detailType the {@code detail-type}
 * @param source     the {@code source}
 * @param account    the account the event was put in
 * @param time       the event time, as EventBridge wrote it
 * @param region     the region the event was put in
 * @param resources  the event's resources
 * @param detail     the event's detail object
 * @param json       the whole event exactly as received
 */
record EventEnvelope(String version, String id, String detailType, String source, String account, String time,
                     String region, List<String> resources, JsonObject detail, JsonObject json) {

    /** Writes the event exactly as received: no HTML escaping, nulls kept. */
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    /**
     * @param input the invoke payload
     * @return the event
     * @throws ConsumerException naming the field, when the payload is not an EventBridge event
     */
    static EventEnvelope parse(byte[] input) {
        JsonElement root;
        try (JsonReader reader = new JsonReader(new StringReader(new String(input, StandardCharsets.UTF_8)))) {
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("unexpected text after the JSON value at " + reader.getPath());
            }
        } catch (JsonParseException | IOException e) {
            throw ConsumerException.malformedEnvelope("not valid JSON: " + e.getMessage());
        }
        if (!root.isJsonObject()) {
            throw ConsumerException.malformedEnvelope("expected a JSON object, got " + root);
        }
        JsonObject json = root.getAsJsonObject();
        JsonElement detail = json.get("detail");
        if (detail == null || !detail.isJsonObject()) {
            throw ConsumerException.malformedEnvelope("\"detail\" must be a JSON object; got " + (detail == null ? "nothing" : detail));
        }
        return new EventEnvelope(optional(json, "version"), required(json, "id"), required(json, "detail-type"),
                required(json, "source"), optional(json, "account"), optional(json, "time"), optional(json, "region"),
                resources(json), detail.getAsJsonObject(), json);
    }

    /**
     * @return the event as JSON text, as received
     */
    String toJson() {
        return GSON.toJson(json);
    }

    private static String required(JsonObject json, String field) {
        String value = optional(json, field);
        if (value == null || value.isBlank()) {
            throw ConsumerException.malformedEnvelope("\"" + field + "\" must be a non-empty string; got "
                    + (json.has(field) ? json.get(field) : "nothing"));
        }
        return value;
    }

    private static String optional(JsonObject json, String field) {
        JsonElement value = json.get(field);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw ConsumerException.malformedEnvelope("\"" + field + "\" must be a string; got " + value);
        }
        return value.getAsString();
    }

    private static List<String> resources(JsonObject json) {
        JsonElement value = json.get("resources");
        if (value == null || value.isJsonNull()) {
            return List.of();
        }
        if (!value.isJsonArray()) {
            throw ConsumerException.malformedEnvelope("\"resources\" must be an array of strings; got " + value);
        }
        List<String> resources = new ArrayList<>();
        for (JsonElement resource : value.getAsJsonArray()) {
            if (!resource.isJsonPrimitive() || !resource.getAsJsonPrimitive().isString()) {
                throw ConsumerException.malformedEnvelope("\"resources\" must be an array of strings; got " + value);
            }
            resources.add(resource.getAsString());
        }
        return List.copyOf(resources);
    }
}
