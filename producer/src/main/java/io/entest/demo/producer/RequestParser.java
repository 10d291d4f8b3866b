package io.entest.demo.producer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the producer's input, direct invoke or HTTP, into the JSON objects that become events.
 *
 * <p>Direct invoke carries the body as JSON ({@code {"body": {...}}} or {@code {"body": [{...}]}});
 * a Function URL or API Gateway event carries it as text, base64-encoded when {@code isBase64Encoded} is true.
 */
final class RequestParser {

    private RequestParser() {
    }

    /**
     * @param input the raw invoke payload
     * @return one JSON object per event, in the order received
     * @throws BadRequestException naming what was wrong, when the input holds no event to send
     */
    static List<JsonObject> parse(byte[] input) {
        JsonElement request;
        try {
            request = Json.parseStrict(new String(input, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw BadRequestException.invalid("request is not valid JSON: " + e.getMessage());
        }
        if (!request.isJsonObject()) {
            throw BadRequestException.invalid(
                    "request must be a JSON object with a \"body\" field; got " + Json.kind(request));
        }
        JsonElement body = request.getAsJsonObject().get("body");
        if (body == null || body.isJsonNull()) {
            throw BadRequestException.invalid("request has no \"body\": send {\"body\": {...}} or an HTTP request with a JSON body");
        }
        if (body.isJsonPrimitive() && body.getAsJsonPrimitive().isString()) {
            body = parseBodyText(body.getAsString(), isBase64Encoded(request.getAsJsonObject()));
        }
        return objects(body);
    }

    private static boolean isBase64Encoded(JsonObject request) {
        JsonElement flag = request.get("isBase64Encoded");
        return flag != null && flag.isJsonPrimitive() && flag.getAsJsonPrimitive().isBoolean() && flag.getAsBoolean();
    }

    private static JsonElement parseBodyText(String text, boolean base64) {
        if (base64) {
            try {
                text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw BadRequestException.invalid("body is marked isBase64Encoded but is not valid base64: " + e.getMessage());
            }
        }
        if (text.isBlank()) {
            throw BadRequestException.invalid("body is empty: send a JSON object or an array of objects");
        }
        try {
            return Json.parseStrict(text);
        } catch (JsonParseException e) {
            throw BadRequestException.invalid("body is not valid JSON: " + e.getMessage());
        }
    }

    private static List<JsonObject> objects(JsonElement body) {
        if (body.isJsonObject()) {
            return List.of(body.getAsJsonObject());
        }
        if (!body.isJsonArray()) {
            throw BadRequestException.invalid(
                    "body must be a JSON object or an array of objects (EventBridge Detail is an object); got " + Json.kind(body));
        }
        JsonArray array = body.getAsJsonArray();
        if (array.isEmpty()) {
            throw BadRequestException.invalid("body is an empty array: nothing to send");
        }
        List<JsonObject> objects = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonElement item = array.get(i);
            if (!item.isJsonObject()) {
                throw BadRequestException.invalid(
                        "body[" + i + "] must be a JSON object (EventBridge Detail is an object); got " + Json.kind(item));
            }
            objects.add(item.getAsJsonObject());
        }
        return objects;
    }
}
