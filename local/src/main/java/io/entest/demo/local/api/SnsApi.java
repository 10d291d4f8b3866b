package io.entest.demo.local.api;

import com.sun.net.httpserver.HttpExchange;
import io.entest.demo.local.http.Http;
import io.entest.demo.local.sns.TopicStore;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** SNS's query protocol (form-encoded {@code Action=...}, XML answers): translation only. */
final class SnsApi {

    private static final String NS = "http://sns.amazonaws.com/doc/2010-03-31/";

    private final TopicStore topics;

    SnsApi(TopicStore topics) {
        this.topics = topics;
    }

    /** @return the form's parameters, decoded */
    static Map<String, String> form(byte[] body) {
        Map<String, String> params = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    void handle(HttpExchange exchange, Map<String, String> params) throws IOException {
        String action = params.get("Action");
        switch (action) {
            case "Publish" -> publish(exchange, params);
            case "ListTopics" -> listTopics(exchange);
            default -> AwsErrors.xml(exchange, 400, "InvalidAction",
                    "the local cloud does not serve SNS " + action + "; it serves Publish and ListTopics");
        }
    }

    private void publish(HttpExchange exchange, Map<String, String> params) throws IOException {
        Map<String, String[]> attributes = new LinkedHashMap<>();
        for (int i = 1; params.containsKey("MessageAttributes.entry." + i + ".Name"); i++) {
            String prefix = "MessageAttributes.entry." + i + ".";
            String type = params.get(prefix + "Value.DataType");
            String value = params.containsKey(prefix + "Value.StringValue") ? params.get(prefix + "Value.StringValue")
                    : params.get(prefix + "Value.BinaryValue");
            if (type == null || value == null) {
                AwsErrors.xml(exchange, 400, "ParameterValueInvalid",
                        "The message attribute '" + params.get(prefix + "Name") + "' must contain non-empty message attribute value and type");
                return;
            }
            attributes.put(params.get(prefix + "Name"), new String[]{type, value});
        }
        String topicArn = params.containsKey("TopicArn") ? params.get("TopicArn") : params.get("TargetArn");
        TopicStore.Published published;
        try {
            published = topics.publish(new TopicStore.Publish(topicArn, params.get("Message"), params.get("Subject"), attributes,
                    params.get("MessageGroupId"), params.get("MessageDeduplicationId")));
        } catch (TopicStore.PublishException e) {
            AwsErrors.xml(exchange, e.status(), e.code(), e.getMessage());
            return;
        }
        Http.send(exchange, 200, "text/xml", "<PublishResponse xmlns=\"" + NS + "\"><PublishResult><MessageId>"
                + published.messageId() + "</MessageId>"
                + (published.sequenceNumber() == null ? "" : "<SequenceNumber>" + published.sequenceNumber() + "</SequenceNumber>")
                + "</PublishResult>" + metadata() + "</PublishResponse>");
    }

    private void listTopics(HttpExchange exchange) throws IOException {
        StringBuilder members = new StringBuilder();
        for (String arn : topics.topicArns()) {
            members.append("<member><TopicArn>").append(AwsErrors.escape(arn)).append("</TopicArn></member>");
        }
        Http.send(exchange, 200, "text/xml", "<ListTopicsResponse xmlns=\"" + NS + "\"><ListTopicsResult><Topics>" + members
                + "</Topics></ListTopicsResult>" + metadata() + "</ListTopicsResponse>");
    }

    private static String metadata() {
        return "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>";
    }
}
