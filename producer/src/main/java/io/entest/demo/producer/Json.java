package io.entest.demo.producer;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;

/**
 * Strict JSON in and faithful JSON out: no lenient parsing, no HTML escaping, nulls kept.
 */
final class Json {

    /** Writes an event's detail exactly as received: {@code <} stays {@code <}, {@code null} members stay. */
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private Json() {
    }

    /**
     * Parses one JSON document as RFC 8259 defines it.
     *
     * @param text the document
     * @return the parsed value
     * @throws JsonParseException when the text is not exactly one JSON value
     */
    static JsonElement parseStrict(String text) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement value = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("unexpected text after the JSON value at " + reader.getPath());
            }
            return value;
        } catch (IOException e) {
            throw new JsonParseException(e.getMessage(), e);
        }
    }

    /**
     * @param value any JSON value
     * @return its kind with an article, for error messages: "an object", "a string", ...
     */
    static String kind(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return "null";
        }
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            return "an array";
        }
        var primitive = value.getAsJsonPrimitive();
        if (primitive.isString()) {
            return "a string";
        }
        return primitive.isNumber() ? "a number" : "a boolean";
    }
}
