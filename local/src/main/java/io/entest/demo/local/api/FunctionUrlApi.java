package io.entest.demo.local.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import io.entest.demo.local.http.Http;
import io.entest.demo.local.runtime.FunctionPool;
import io.entest.demo.local.runtime.InvokeReport;
import io.entest.demo.local.runtime.ThrottledException;
import io.entest.demo.local.template.LocalTemplate;
import io.entest.demo.local.trail.Trail;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Function URLs ({@code /lambda-url/<function>/<path>}) for functions with {@code FunctionUrlConfig}: the HTTP request
 * becomes Lambda's payload format 2.0, and the function's answer becomes the HTTP response, as Lambda translates them.
 * {@code AuthType: AWS_IAM} is not checked locally.
 */
final class FunctionUrlApi {

    static final String PREFIX = "/lambda-url/";
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final LocalTemplate template;
    private final Map<String, FunctionPool> pools;
    private final Trail trail;

    FunctionUrlApi(LocalTemplate template, Map<String, FunctionPool> pools, Trail trail) {
        this.template = template;
        this.pools = pools;
        this.trail = trail;
    }

    void handle(HttpExchange exchange, byte[] body) throws IOException {
        String rest = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        LocalTemplate.Function function = template.functions().get(name);
        if (function == null || !function.functionUrl()) {
            List<String> withUrls = template.functions().values().stream().filter(LocalTemplate.Function::functionUrl)
                    .map(LocalTemplate.Function::logicalId).toList();
            Http.send(exchange, 404, "application/json", "{\"Message\":\"no Function URL for " + name + "; the template gives one to "
                    + (withUrls.isEmpty() ? "no function" : String.join(", ", withUrls)) + "\"}");
            return;
        }
        String rawPath = slash < 0 ? "/" : rest.substring(slash);
        InvokeReport report;
        try {
            report = pools.get(name).invoke(event(exchange, rawPath, body).toString().getBytes(StandardCharsets.UTF_8));
        } catch (ThrottledException e) {
            Http.send(exchange, 429, "application/json", "{\"Message\":\"Rate Exceeded.\"}");
            return;
        }
        trail.invoked(report, "Function URL " + exchange.getRequestMethod() + " " + rawPath);
        if (!report.ok()) {
            Http.send(exchange, 502, "application/json", "{\"Message\":\"Internal Server Error\"}");
            return;
        }
        respond(exchange, report.bodyText());
    }

    /** Lambda's payload format 2.0 for a Function URL request. */
    private JsonObject event(HttpExchange exchange, String rawPath, byte[] body) {
        String requestId = UUID.randomUUID().toString();
        String query = exchange.getRequestURI().getRawQuery();
        JsonObject headers = new JsonObject();
        exchange.getRequestHeaders().forEach((key, values) -> headers.addProperty(key.toLowerCase(Locale.ROOT), String.join(",", values)));
        JsonObject event = new JsonObject();
        event.addProperty("version", "2.0");
        event.addProperty("routeKey", "$default");
        event.addProperty("rawPath", rawPath);
        event.addProperty("rawQueryString", query == null ? "" : query);
        event.add("headers", headers);
        if (query != null && !query.isEmpty()) {
            JsonObject parameters = new JsonObject();
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                parameters.addProperty(key, parameters.has(key) ? parameters.get(key).getAsString() + "," + value : value);
            }
            event.add("queryStringParameters", parameters);
        }
        Instant now = Instant.now();
        JsonObject http = new JsonObject();
        http.addProperty("method", exchange.getRequestMethod());
        http.addProperty("path", rawPath);
        http.addProperty("protocol", "HTTP/1.1");
        http.addProperty("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.addProperty("userAgent", headers.has("user-agent") ? headers.get("user-agent").getAsString() : "");
        JsonObject context = new JsonObject();
        context.addProperty("accountId", "anonymous");
        context.addProperty("apiId", exchange.getRequestURI().getPath().split("/")[2]);
        context.addProperty("domainName", exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort());
        context.addProperty("domainPrefix", "127");
        context.add("http", http);
        context.addProperty("requestId", requestId);
        context.addProperty("routeKey", "$default");
        context.addProperty("stage", "$default");
        context.addProperty("time", REQUEST_TIME.format(now));
        context.addProperty("timeEpoch", now.toEpochMilli());
        event.add("requestContext", context);
        if (body.length > 0) {
            boolean text = isText(headers.has("content-type") ? headers.get("content-type").getAsString() : "");
            event.addProperty("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            event.addProperty("isBase64Encoded", !text);
        } else {
            event.addProperty("isBase64Encoded", false);
        }
        return event;
    }

    /** Lambda's rule: an answer with a {@code statusCode} is a response; anything else is a 200 JSON body. */
    private static void respond(HttpExchange exchange, String answer) throws IOException {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(answer);
        } catch (RuntimeException notJson) {
            Http.send(exchange, 200, "application/json", answer);
            return;
        }
        if (!parsed.isJsonObject() || !parsed.getAsJsonObject().has("statusCode")) {
            Http.send(exchange, 200, "application/json", answer);
            return;
        }
        JsonObject response = parsed.getAsJsonObject();
        String contentType = "application/json";
        if (response.has("headers") && response.get("headers").isJsonObject()) {
            for (Map.Entry<String, JsonElement> header : response.getAsJsonObject("headers").entrySet()) {
                if (header.getKey().equalsIgnoreCase("content-type")) {
                    contentType = header.getValue().getAsString();
                } else {
                    exchange.getResponseHeaders().set(header.getKey(), header.getValue().getAsString());
                }
            }
        }
        String body = response.has("body") && !response.get("body").isJsonNull() ? response.get("body").getAsString() : "";
        boolean base64 = response.has("isBase64Encoded") && response.get("isBase64Encoded").getAsBoolean();
        Http.send(exchange, response.get("statusCode").getAsInt(), contentType,
                base64 ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isText(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.contains("javascript") || type.contains("x-www-form-urlencoded");
    }
}
