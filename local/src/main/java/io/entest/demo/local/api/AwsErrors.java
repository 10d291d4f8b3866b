package io.entest.demo.local.api;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import io.entest.demo.local.http.Http;
import java.io.IOException;
import java.util.UUID;

/** Errors in the shapes the AWS SDKs and CLI parse: JSON with {@code __type} for JSON protocols, XML for query. */
final class AwsErrors {

    private AwsErrors() {
    }

    /** A JSON-protocol error (EventBridge, Lambda). */
    static void json(HttpExchange exchange, int status, String type, String message) throws IOException {
        JsonObject body = new JsonObject();
        body.addProperty("__type", type);
        body.addProperty("message", message);
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        Http.send(exchange, status, "application/x-amz-json-1.1", body.toString());
    }

    /** A query-protocol error (SNS). */
    static void xml(HttpExchange exchange, int status, String code, String message) throws IOException {
        String type = status >= 500 ? "Receiver" : "Sender";
        Http.send(exchange, status, "text/xml", "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>"
                + type + "</Type><Code>" + escape(code) + "</Code><Message>" + escape(message) + "</Message></Error><RequestId>"
                + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#xD;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
