package io.entest.demo.producer;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.entest.demo.producer.PutEventsRetrier.Result;
import java.util.Comparator;
import java.util.List;

/**
 * The producer's answer, one shape for every trigger:
 * {@code {"statusCode": N, "headers": {"content-type": "application/json"}, "body": "<json>"}}.
 */
final class ProducerResponse {

    static final int ACCEPTED = 202;
    static final int BAD_GATEWAY = 502;
    private static final int MAX_FAILURES_LOGGED = 5;

    private ProducerResponse() {
    }

    /**
     * @param results one per entry of the request body
     * @return 202 when every entry was sent, else 502 listing what still failed
     */
    static JsonObject of(List<Result> results) {
        List<Result> ordered = results.stream().sorted(Comparator.comparingInt(Result::index)).toList();
        JsonArray eventIds = new JsonArray();
        JsonArray failed = new JsonArray();
        for (Result result : ordered) {
            if (result.sent()) {
                eventIds.add(result.eventId());
            } else {
                JsonObject failure = new JsonObject();
                failure.addProperty("index", result.index());
                failure.addProperty("errorCode", result.errorCode());
                failure.addProperty("errorMessage", result.errorMessage());
                failed.add(failure);
            }
        }
        JsonObject body = new JsonObject();
        body.addProperty("message", "producer");
        body.add("eventIds", eventIds);
        body.add("failed", failed);
        return http(failed.isEmpty() ? ACCEPTED : BAD_GATEWAY, body);
    }

    /**
     * @param statusCode 400 or 413
     * @param error      what was wrong with the request
     * @return the error answer; nothing was sent
     */
    static JsonObject error(int statusCode, String error) {
        JsonObject body = new JsonObject();
        body.addProperty("message", "producer");
        body.addProperty("error", error);
        body.add("eventIds", new JsonArray());
        body.add("failed", new JsonArray());
        return http(statusCode, body);
    }

    /**
     * One log line's worth: the error, or the counts and the first failures. A whole answer can be larger than a log
     * event may be.
     *
     * @param response an answer made here
     * @return its summary
     */
    static String summary(JsonObject response) {
        JsonObject body = com.google.gson.JsonParser.parseString(response.get("body").getAsString()).getAsJsonObject();
        if (body.has("error")) {
            return body.get("error").getAsString();
        }
        JsonArray failed = body.getAsJsonArray("failed");
        StringBuilder summary = new StringBuilder().append(body.getAsJsonArray("eventIds").size()).append(" events put, ")
                .append(failed.size()).append(" failed");
        for (int i = 0; i < Math.min(failed.size(), MAX_FAILURES_LOGGED); i++) {
            summary.append(i == 0 ? ": " : "; ").append(failed.get(i));
        }
        return failed.size() > MAX_FAILURES_LOGGED ? summary.append("; …").toString() : summary.toString();
    }

    private static JsonObject http(int statusCode, JsonObject body) {
        JsonObject headers = new JsonObject();
        headers.addProperty("content-type", "application/json");
        JsonObject response = new JsonObject();
        response.addProperty("statusCode", statusCode);
        response.add("headers", headers);
        response.addProperty("body", Json.GSON.toJson(body));
        return response;
    }
}
