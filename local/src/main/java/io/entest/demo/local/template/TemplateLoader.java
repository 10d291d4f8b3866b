package io.entest.demo.local.template;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code template.yaml} into a {@link LocalTemplate}: SAM's {@code Globals} merged into each function, SAM's
 * generated resources (aliases, function URLs, rule dead-letter queues) added, and every intrinsic resolved.
 */
public final class TemplateLoader {

    /** Longest event pattern EventBridge accepts. */
    static final int MAX_PATTERN_LENGTH = 2048;

    private final Path path;
    private final LocalAccount account;
    private final Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
    private final Map<String, Object> globals;
    private final Intrinsics intrinsics;
    private final List<String> notEmulated = new ArrayList<>();

    private TemplateLoader(Path path, Map<String, Object> root, Map<String, String> overrides, LocalAccount account) {
        this.path = path;
        this.account = account;
        Map<String, Object> rawResources = map(root.get("Resources"), "Resources");
        if (rawResources.isEmpty()) {
            throw TemplateException.of(path + " has no Resources");
        }
        for (Map.Entry<String, Object> entry : rawResources.entrySet()) {
            resources.put(entry.getKey(), map(entry.getValue(), "Resources." + entry.getKey()));
        }
        this.globals = map(map(root.get("Globals"), "Globals").get("Function"), "Globals.Function");
        addSamGeneratedResources();
        this.intrinsics = new Intrinsics(resources, parameters(map(root.get("Parameters"), "Parameters"), overrides),
                map(root.get("Conditions"), "Conditions"), account);
    }

    /**
     * @param path      the template file
     * @param overrides parameter values, as {@code sam deploy --parameter-overrides} takes them
     * @param account   the local names and ARNs
     * @return the template, resolved
     * @throws TemplateException naming the place, when the template cannot be run locally
     */
    public static LocalTemplate load(Path path, Map<String, String> overrides, LocalAccount account) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw TemplateException.of("cannot read " + path + ": " + e.getMessage());
        }
        Object root = CfnYaml.load(text);
        if (!(root instanceof Map<?, ?>)) {
            throw TemplateException.of(path + " is not a YAML mapping");
        }
        return new TemplateLoader(path, map(root, "(root)"), overrides, account).build();
    }

    private LocalTemplate build() {
        Map<String, LocalTemplate.Function> functions = new LinkedHashMap<>();
        Map<String, LocalTemplate.Bus> buses = new LinkedHashMap<>();
        List<LocalTemplate.Rule> rules = new ArrayList<>();
        Map<String, LocalTemplate.Topic> topics = new LinkedHashMap<>();
        Map<String, LocalTemplate.Queue> queues = new LinkedHashMap<>();
        buses.put("default", new LocalTemplate.Bus("default", account.busArn("default")));
        for (Map.Entry<String, Map<String, Object>> entry : resources.entrySet()) {
            String id = entry.getKey();
            Map<String, Object> resource = entry.getValue();
            Object condition = resource.get("Condition");
            if (condition != null && !intrinsics.condition(String.valueOf(condition), "Resources." + id + ".Condition")) {
                continue;
            }
            String where = "Resources." + id;
            switch (String.valueOf(resource.get("Type"))) {
                case "AWS::Events::EventBus" -> {
                    String name = intrinsics.name(id, "Name", where);
                    buses.put(name, new LocalTemplate.Bus(name, account.busArn(name)));
                }
                case "AWS::SNS::Topic" -> {
                    String name = intrinsics.name(id, "TopicName", where);
                    topics.put(account.topicArn(name), new LocalTemplate.Topic(id, name, account.topicArn(name)));
                }
                case "AWS::SQS::Queue" -> {
                    String name = intrinsics.name(id, "QueueName", where);
                    queues.put(account.queueArn(name), new LocalTemplate.Queue(id, name, account.queueArn(name), account.queueUrl(name)));
                }
                case "AWS::Serverless::Function" -> {
                    LocalTemplate.Function function = function(id, where);
                    functions.put(id, function);
                    rules.addAll(rules(id, where));
                }
                case "AWS::Lambda::Alias", "AWS::Lambda::Url" -> {
                    // Made by SAM from the function's properties; served through the function itself.
                }
                default -> notEmulated.add(id + " (" + resource.get("Type") + ")");
            }
        }
        for (LocalTemplate.Rule rule : rules) {
            if (!buses.containsKey(rule.busName())) {
                throw TemplateException.at("Resources." + rule.targetFunction() + ".Properties.Events",
                        "rule " + rule.logicalId() + " watches bus " + rule.busName() + ", which the template does not declare");
            }
        }
        return new LocalTemplate(path, account, functions, buses, rules, topics, queues, List.copyOf(notEmulated));
    }

    private LocalTemplate.Function function(String id, String where) {
        Map<String, Object> props = properties(id);
        String at = where + ".Properties";
        String runtime = required(props, "Runtime", at);
        if (!runtime.startsWith("java")) {
            throw TemplateException.at(at + ".Runtime", runtime + ": the local cloud runs Java runtimes only");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        Object variables = intrinsics.resolve(map(props.get("Environment"), at + ".Environment").get("Variables"),
                at + ".Environment.Variables");
        for (Map.Entry<String, Object> variable : map(variables, at + ".Environment.Variables").entrySet()) {
            environment.put(variable.getKey(), String.valueOf(variable.getValue()));
        }
        Map<String, Object> snapStart = map(intrinsics.resolve(props.get("SnapStart"), at + ".SnapStart"), at + ".SnapStart");
        Map<String, Object> logging = map(intrinsics.resolve(props.get("LoggingConfig"), at + ".LoggingConfig"), at + ".LoggingConfig");
        return new LocalTemplate.Function(id, path.toAbsolutePath().getParent().resolve(required(props, "CodeUri", at)).normalize(),
                required(props, "Handler", at), runtime,
                integer(props, "MemorySize", 128, 128, 10240, at), integer(props, "Timeout", 3, 1, 900, at),
                Map.copyOf(environment), "PublishedVersions".equals(snapStart.get("ApplyOn")), async(props, at),
                account.functionArn(id), String.valueOf(logging.getOrDefault("LogFormat", "Text")),
                logging.get("ApplicationLogLevel") == null ? null : String.valueOf(logging.get("ApplicationLogLevel")),
                integer(props, "ReservedConcurrentExecutions", -1, 0, 1000, at), props.get("FunctionUrlConfig") != null);
    }

    private LocalTemplate.AsyncConfig async(Map<String, Object> props, String at) {
        String where = at + ".EventInvokeConfig";
        Map<String, Object> config = map(intrinsics.resolve(props.get("EventInvokeConfig"), where), where);
        if (config.isEmpty()) {
            return LocalTemplate.AsyncConfig.DEFAULT;
        }
        Map<String, Object> onFailure = map(map(config.get("DestinationConfig"), where + ".DestinationConfig").get("OnFailure"),
                where + ".DestinationConfig.OnFailure");
        Object destination = onFailure.get("Destination");
        return new LocalTemplate.AsyncConfig(integer(config, "MaximumRetryAttempts", 2, 0, 2, where),
                integer(config, "MaximumEventAgeInSeconds", 21600, 60, 21600, where),
                destination == null ? null : String.valueOf(destination));
    }

    private List<LocalTemplate.Rule> rules(String id, String where) {
        List<LocalTemplate.Rule> rules = new ArrayList<>();
        Map<String, Object> events = map(properties(id).get("Events"), where + ".Properties.Events");
        for (Map.Entry<String, Object> entry : events.entrySet()) {
            String at = where + ".Properties.Events." + entry.getKey();
            Map<String, Object> event = map(entry.getValue(), at);
            String type = String.valueOf(event.get("Type"));
            if (!type.equals("EventBridgeRule") && !type.equals("CloudWatchEvent")) {
                notEmulated.add(id + "." + entry.getKey() + " (event source " + type + ")");
                continue;
            }
            Map<String, Object> props = map(intrinsics.resolve(event.get("Properties"), at + ".Properties"), at + ".Properties");
            Object pattern = props.get("Pattern");
            if (!(pattern instanceof Map<?, ?>)) {
                throw TemplateException.at(at + ".Properties.Pattern", "a rule needs an event pattern (a mapping)");
            }
            String patternJson = new Gson().toJson(pattern);
            if (patternJson.length() > MAX_PATTERN_LENGTH) {
                throw TemplateException.at(at + ".Properties.Pattern", "the pattern is " + patternJson.length()
                        + " characters; EventBridge takes at most " + MAX_PATTERN_LENGTH);
            }
            String bus = props.get("EventBusName") == null ? "default" : String.valueOf(props.get("EventBusName"));
            if (bus.startsWith("arn:")) {
                bus = bus.substring(bus.indexOf("event-bus/") + "event-bus/".length());
            }
            Map<String, Object> retry = map(props.get("RetryPolicy"), at + ".Properties.RetryPolicy");
            String logicalId = id + entry.getKey();
            rules.add(new LocalTemplate.Rule(logicalId, bus, patternJson, id,
                    integer(retry, "MaximumRetryAttempts", 185, 0, 185, at + ".Properties.RetryPolicy"),
                    integer(retry, "MaximumEventAgeInSeconds", 86400, 60, 86400, at + ".Properties.RetryPolicy"),
                    deadLetterQueue(props, logicalId, at), account.ruleArn(bus, logicalId)));
        }
        return rules;
    }

    private String deadLetterQueue(Map<String, Object> props, String ruleId, String at) {
        Map<String, Object> config = map(props.get("DeadLetterConfig"), at + ".Properties.DeadLetterConfig");
        if (config.get("Arn") != null) {
            return String.valueOf(config.get("Arn"));
        }
        if ("SQS".equals(config.get("Type"))) {
            String queueId = config.get("QueueLogicalId") == null ? ruleId + "Queue" : String.valueOf(config.get("QueueLogicalId"));
            return account.queueArn(intrinsics.name(queueId, "QueueName", at));
        }
        return null;
    }

    /** SAM makes these from a function's properties; the template may refer to them. */
    private void addSamGeneratedResources() {
        for (String id : List.copyOf(resources.keySet())) {
            if (!"AWS::Serverless::Function".equals(resources.get(id).get("Type"))) {
                continue;
            }
            Map<String, Object> props = properties(id);
            if (props.get("AutoPublishAlias") instanceof String alias) {
                resources.putIfAbsent(id + "Alias" + alias, Map.of("Type", "AWS::Lambda::Alias", "Function", id, "Alias", alias));
            }
            if (props.get("FunctionUrlConfig") != null) {
                resources.putIfAbsent(id + "Url", Map.of("Type", "AWS::Lambda::Url", "Function", id));
            }
            Map<String, Object> events = map(props.get("Events"), "Resources." + id + ".Properties.Events");
            for (Map.Entry<String, Object> event : events.entrySet()) {
                Map<String, Object> eventProps = map(map(event.getValue(), "Events").get("Properties"), "Properties");
                Map<String, Object> dlq = map(eventProps.get("DeadLetterConfig"), "DeadLetterConfig");
                if ("SQS".equals(dlq.get("Type"))) {
                    String queueId = dlq.get("QueueLogicalId") == null ? id + event.getKey() + "Queue" : String.valueOf(dlq.get("QueueLogicalId"));
                    resources.putIfAbsent(queueId, Map.of("Type", "AWS::SQS::Queue", "Properties", Map.of()));
                }
            }
        }
    }

    /** A function's properties with {@code Globals.Function} merged under them, as SAM merges them. */
    private Map<String, Object> properties(String id) {
        return merge(globals, map(resources.get(id).get("Properties"), "Resources." + id + ".Properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> entry : over.entrySet()) {
            Object under = merged.get(entry.getKey());
            boolean intrinsic = entry.getValue() instanceof Map<?, ?> m && m.size() == 1
                    && String.valueOf(m.keySet().iterator().next()).matches("Ref|Fn::.*");
            if (under instanceof Map<?, ?> u && entry.getValue() instanceof Map<?, ?> o && !intrinsic) {
                merged.put(entry.getKey(), merge((Map<String, Object>) u, (Map<String, Object>) o));
            } else {
                merged.put(entry.getKey(), entry.getValue());
            }
        }
        return merged;
    }

    private static Map<String, String> parameters(Map<String, Object> declared, Map<String, String> overrides) {
        for (String name : overrides.keySet()) {
            if (!declared.containsKey(name)) {
                throw TemplateException.at("Parameters", "no parameter named " + name + " (given as an override)");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : declared.entrySet()) {
            String where = "Parameters." + entry.getKey();
            Map<String, Object> spec = map(entry.getValue(), where);
            String value = overrides.containsKey(entry.getKey()) ? overrides.get(entry.getKey())
                    : spec.get("Default") == null ? null : String.valueOf(spec.get("Default"));
            if (value == null) {
                throw TemplateException.at(where, "has no Default; give a value with --parameter " + entry.getKey() + "=...");
            }
            Object pattern = spec.get("AllowedPattern");
            if (pattern != null && !value.matches(String.valueOf(pattern))) {
                throw TemplateException.at(where, "\"" + value + "\" does not match AllowedPattern " + pattern);
            }
            if (spec.get("AllowedValues") instanceof List<?> allowed && !allowed.stream().map(String::valueOf).toList().contains(value)) {
                throw TemplateException.at(where, "\"" + value + "\" is not one of AllowedValues " + allowed);
            }
            values.put(entry.getKey(), value);
        }
        return values;
    }

    private String required(Map<String, Object> props, String key, String where) {
        if (props.get(key) == null) {
            throw TemplateException.at(where, key + " is required");
        }
        return intrinsics.string(props.get(key), where + "." + key);
    }

    private int integer(Map<String, Object> props, String key, int fallback, int min, int max, String where) {
        if (props.get(key) == null) {
            return fallback;
        }
        String text = intrinsics.string(props.get(key), where + "." + key);
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw TemplateException.at(where + "." + key, "expected a whole number, got \"" + text + "\"");
        }
        if (value < min || value > max) {
            throw TemplateException.at(where + "." + key, value + " is outside " + min + "-" + max);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String where) {
        if (node == null) {
            return Map.of();
        }
        if (node instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw TemplateException.at(where, "expected a mapping, got " + node);
    }
}
