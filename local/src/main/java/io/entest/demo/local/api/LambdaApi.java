package io.entest.demo.local.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import io.entest.demo.local.delivery.AsyncInvoker;
import io.entest.demo.local.http.Http;
import io.entest.demo.local.runtime.FunctionPool;
import io.entest.demo.local.runtime.InvokeReport;
import io.entest.demo.local.runtime.ThrottledException;
import io.entest.demo.local.template.LocalTemplate;
import io.entest.demo.local.trail.Trail;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lambda's REST API: {@code Invoke} ({@code RequestResponse}, {@code Event}, {@code DryRun}) and {@code ListFunctions}. */
final class LambdaApi {

    /** Lambda's payload limits: 6 MB for a synchronous invoke, 1 MB for an asynchronous one. */
    static final int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
    static final int MAX_ASYNC_PAYLOAD = 1024 * 1024;

    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations/?");

    private final LocalTemplate template;
    private final Map<String, FunctionPool> pools;
    private final AsyncInvoker invoker;
    private final Trail trail;

    LambdaApi(LocalTemplate template, Map<String, FunctionPool> pools, AsyncInvoker invoker, Trail trail) {
        this.template = template;
        this.pools = pools;
        this.invoker = invoker;
        this.trail = trail;
    }

    void handle(HttpExchange exchange, byte[] body) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Matcher invoke = INVOKE.matcher(path);
        if (exchange.getRequestMethod().equals("POST") && invoke.matches()) {
            invoke(exchange, URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8), body);
        } else if (exchange.getRequestMethod().equals("GET") && path.matches("/2015-03-31/functions/?")) {
            listFunctions(exchange);
        } else {
            AwsErrors.json(exchange, 404, "UnknownOperationException",
                    "the local cloud serves Lambda Invoke (POST /2015-03-31/functions/{name}/invocations) and ListFunctions, not "
                            + exchange.getRequestMethod() + " " + path);
        }
    }

    private void invoke(HttpExchange exchange, String name, byte[] body) throws IOException {
        LocalTemplate.Function function = template.function(name).orElse(null);
        if (function == null) {
            AwsErrors.json(exchange, 404, "ResourceNotFoundException", "Function not found: " + template.account().functionArn(name)
                    + " (the template has " + String.join(", ", template.functions().keySet()) + ")");
            return;
        }
        String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
        type = type == null ? "RequestResponse" : type;
        int limit = type.equals("Event") ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
        if (body.length > limit) {
            AwsErrors.json(exchange, 413, "RequestTooLargeException", "Request must be smaller than " + limit + " bytes for the "
                    + type + " invocation type");
            return;
        }
        byte[] payload = body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body;
        try {
            JsonParser.parseString(new String(payload, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            AwsErrors.json(exchange, 400, "InvalidRequestContentException", "Could not parse request body into json: " + e.getMessage());
            return;
        }
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        switch (type) {
            case "DryRun" -> Http.send(exchange, 204, null, new byte[0]);
            case "Event" -> {
                String requestId = invoker.invokeEvent(function.logicalId(), payload);
                exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
                Http.send(exchange, 202, null, new byte[0]);
            }
            case "RequestResponse" -> {
                InvokeReport report;
                try {
                    report = pools.get(function.logicalId()).invoke(payload);
                } catch (ThrottledException e) {
                    exchange.getResponseHeaders().set("x-amzn-ErrorType", "TooManyRequestsException");
                    AwsErrors.json(exchange, 429, "TooManyRequestsException", e.getMessage());
                    return;
                }
                trail.invoked(report, report.ok() ? "ok" : report.outcome().name().toLowerCase(java.util.Locale.ROOT));
                exchange.getResponseHeaders().set("x-amzn-RequestId", report.requestId());
                if (!report.ok()) {
                    exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
                }
                if ("Tail".equals(exchange.getRequestHeaders().getFirst("X-Amz-Log-Type"))) {
                    exchange.getResponseHeaders().set("X-Amz-Log-Result",
                            Base64.getEncoder().encodeToString((report.reportLine() + "\n").getBytes(StandardCharsets.UTF_8)));
                }
                Http.send(exchange, 200, "application/json", report.body());
            }
            default -> AwsErrors.json(exchange, 400, "InvalidParameterValueException",
                    "X-Amz-Invocation-Type must be RequestResponse, Event or DryRun; got " + type);
        }
    }

    private void listFunctions(HttpExchange exchange) throws IOException {
        JsonArray functions = new JsonArray();
        for (LocalTemplate.Function function : template.functions().values()) {
            JsonObject json = new JsonObject();
            json.addProperty("FunctionName", function.logicalId());
            json.addProperty("FunctionArn", function.arn());
            json.addProperty("Runtime", function.runtime());
            json.addProperty("Handler", function.handler());
            json.addProperty("MemorySize", function.memoryMb());
            json.addProperty("Timeout", function.timeoutSec());
            functions.add(json);
        }
        JsonObject response = new JsonObject();
        response.add("Functions", functions);
        Http.send(exchange, 200, "application/json", response.toString());
    }
}
