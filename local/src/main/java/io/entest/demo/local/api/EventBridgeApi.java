package io.entest.demo.local.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import io.entest.demo.local.bus.EntryResult;
import io.entest.demo.local.bus.EventRouter;
import io.entest.demo.local.bus.PutEventsEntry;
import io.entest.demo.local.http.Http;
import io.entest.demo.local.template.LocalTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** EventBridge's API in AWS JSON 1.1 ({@code X-Amz-Target: AWSEvents.<Operation>}): translation only. */
final class EventBridgeApi {

    private final LocalTemplate template;
    private final EventRouter router;

    EventBridgeApi(LocalTemplate template, EventRouter router) {
        this.template = template;
        this.router = router;
    }

    void handle(HttpExchange exchange, String operation, byte[] body) throws IOException {
        JsonObject request;
        try {
            JsonElement parsed = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            request = parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            request = null;
        }
        if (request == null) {
            AwsErrors.json(exchange, 400, "SerializationException", "the request body is not a JSON object");
            return;
        }
        JsonObject response;
        try {
            response = switch (operation) {
                case "PutEvents" -> putEvents(request);
                case "TestEventPattern" -> testEventPattern(request);
                case "ListEventBuses" -> listEventBuses(request);
                case "DescribeEventBus" -> describeEventBus(request);
                case "ListRules" -> listRules(request);
                case "DescribeRule" -> describeRule(request);
                case "ListTargetsByRule" -> listTargetsByRule(request);
                default -> throw new ApiException(400, "UnknownOperationException",
                        "the local cloud does not serve EventBridge " + operation
                                + "; it serves PutEvents, TestEventPattern, ListEventBuses, DescribeEventBus, ListRules, DescribeRule, ListTargetsByRule");
            };
        } catch (ApiException e) {
            AwsErrors.json(exchange, e.status, e.type, e.getMessage());
            return;
        } catch (EventRouter.InvalidPatternException e) {
            AwsErrors.json(exchange, 400, "InvalidEventPatternException", e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            AwsErrors.json(exchange, 400, "ValidationException", e.getMessage());
            return;
        }
        Http.send(exchange, 200, "application/x-amz-json-1.1", response.toString());
    }

    private JsonObject putEvents(JsonObject request) {
        JsonElement entriesJson = request.get("Entries");
        if (entriesJson == null || !entriesJson.isJsonArray() || entriesJson.getAsJsonArray().isEmpty()) {
            throw new ApiException(400, "ValidationException",
                    "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        JsonArray array = entriesJson.getAsJsonArray();
        if (array.size() > EventRouter.MAX_ENTRIES) {
            throw new ApiException(400, "ValidationException", "1 validation error detected: Value at 'entries' failed to satisfy "
                    + "constraint: Member must have length less than or equal to " + EventRouter.MAX_ENTRIES + " (got " + array.size() + ")");
        }
        List<PutEventsEntry> entries = new ArrayList<>();
        int total = 0;
        for (JsonElement element : array) {
            if (!element.isJsonObject()) {
                throw new ApiException(400, "SerializationException", "each entry must be a JSON object");
            }
            JsonObject entry = element.getAsJsonObject();
            List<String> resources = new ArrayList<>();
            if (entry.has("Resources") && entry.get("Resources").isJsonArray()) {
                entry.getAsJsonArray("Resources").forEach(r -> resources.add(r.getAsString()));
            }
            PutEventsEntry parsed = new PutEventsEntry(string(entry, "Source"), string(entry, "DetailType"), string(entry, "Detail"),
                    string(entry, "EventBusName"), time(entry.get("Time")), resources);
            total += EventRouter.entrySize(parsed);
            entries.add(parsed);
        }
        if (total > EventRouter.MAX_REQUEST_BYTES) {
            throw new ApiException(400, "ValidationException", "Total size of the entries in the request is over the limit: "
                    + total + " bytes; PutEvents takes at most " + EventRouter.MAX_REQUEST_BYTES);
        }
        List<EntryResult> results = router.put(entries);
        JsonArray out = new JsonArray();
        int failed = 0;
        for (EntryResult result : results) {
            JsonObject item = new JsonObject();
            if (result.ok()) {
                item.addProperty("EventId", result.eventId());
            } else {
                failed++;
                item.addProperty("ErrorCode", result.errorCode());
                item.addProperty("ErrorMessage", result.errorMessage());
            }
            out.add(item);
        }
        JsonObject response = new JsonObject();
        response.addProperty("FailedEntryCount", failed);
        response.add("Entries", out);
        return response;
    }

    private static JsonObject testEventPattern(JsonObject request) {
        String pattern = string(request, "EventPattern");
        String event = string(request, "Event");
        if (pattern == null || event == null) {
            throw new ApiException(400, "ValidationException", "EventPattern and Event are both required");
        }
        JsonObject response = new JsonObject();
        response.addProperty("Result", EventRouter.testEventPattern(pattern, event));
        return response;
    }

    private JsonObject listEventBuses(JsonObject request) {
        String prefix = string(request, "NamePrefix");
        JsonArray buses = new JsonArray();
        for (LocalTemplate.Bus bus : template.buses().values()) {
            if (prefix == null || bus.name().startsWith(prefix)) {
                buses.add(bus(bus));
            }
        }
        JsonObject response = new JsonObject();
        response.add("EventBuses", buses);
        return response;
    }

    private JsonObject describeEventBus(JsonObject request) {
        return bus(template.bus(string(request, "Name")).orElseThrow(() ->
                new ApiException(400, "ResourceNotFoundException", "Event bus " + string(request, "Name") + " does not exist.")));
    }

    private JsonObject listRules(JsonObject request) {
        String bus = busName(request, "EventBusName");
        String prefix = string(request, "NamePrefix");
        JsonArray rules = new JsonArray();
        for (LocalTemplate.Rule rule : template.rules()) {
            if (rule.busName().equals(bus) && (prefix == null || rule.logicalId().startsWith(prefix))) {
                rules.add(rule(rule));
            }
        }
        JsonObject response = new JsonObject();
        response.add("Rules", rules);
        return response;
    }

    private JsonObject describeRule(JsonObject request) {
        return rule(findRule(request, "Name"));
    }

    private JsonObject listTargetsByRule(JsonObject request) {
        LocalTemplate.Rule rule = findRule(request, "Rule");
        JsonObject target = new JsonObject();
        target.addProperty("Id", rule.logicalId() + "LambdaTarget");
        target.addProperty("Arn", template.functions().get(rule.targetFunction()).arn());
        JsonObject retry = new JsonObject();
        retry.addProperty("MaximumRetryAttempts", rule.maximumRetryAttempts());
        retry.addProperty("MaximumEventAgeInSeconds", rule.maximumEventAgeSeconds());
        target.add("RetryPolicy", retry);
        if (rule.deadLetterQueueArn() != null) {
            JsonObject dlq = new JsonObject();
            dlq.addProperty("Arn", rule.deadLetterQueueArn());
            target.add("DeadLetterConfig", dlq);
        }
        JsonArray targets = new JsonArray();
        targets.add(target);
        JsonObject response = new JsonObject();
        response.add("Targets", targets);
        return response;
    }

    private LocalTemplate.Rule findRule(JsonObject request, String field) {
        String name = string(request, field);
        String bus = busName(request, "EventBusName");
        return template.rules().stream().filter(r -> r.logicalId().equals(name) && r.busName().equals(bus)).findFirst()
                .orElseThrow(() -> new ApiException(400, "ResourceNotFoundException", "Rule " + name + " does not exist on EventBus " + bus + "."));
    }

    private String busName(JsonObject request, String field) {
        String name = string(request, field);
        return template.bus(name).map(LocalTemplate.Bus::name).orElse(name == null ? "default" : name);
    }

    private static JsonObject bus(LocalTemplate.Bus bus) {
        JsonObject json = new JsonObject();
        json.addProperty("Name", bus.name());
        json.addProperty("Arn", bus.arn());
        return json;
    }

    private static JsonObject rule(LocalTemplate.Rule rule) {
        JsonObject json = new JsonObject();
        json.addProperty("Name", rule.logicalId());
        json.addProperty("Arn", rule.arn());
        json.addProperty("EventPattern", rule.pattern());
        json.addProperty("State", "ENABLED");
        json.addProperty("EventBusName", rule.busName());
        return json;
    }

    private static String string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    /** JSON 1.1 sends timestamps as epoch seconds; accept ISO-8601 text too. */
    private static String time(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            double seconds = value.getAsDouble();
            return Instant.ofEpochMilli(Math.round(seconds * 1000)).toString();
        }
        return value.getAsString();
    }

    /** An error to answer in AWS's shape. */
    static final class ApiException extends RuntimeException {
        final int status;
        final String type;

        ApiException(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }
}
