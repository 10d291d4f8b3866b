package io.entest.demo.local.template;

import com.google.gson.Gson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsics against parameter values, conditions and the local account's names.
 * One that cannot be resolved locally is an error naming it and where it stands.
 */
final class Intrinsics {

    /** What {@code AWS::NoValue} resolves to: the property or list item is dropped. */
    static final Object NO_VALUE = new Object();

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]*)}");

    private final Map<String, Map<String, Object>> resources;
    private final Map<String, String> parameters;
    private final Map<String, Object> conditions;
    private final LocalAccount account;
    private final Map<String, Boolean> evaluated = new HashMap<>();
    private final Set<String> resolving = new HashSet<>();

    Intrinsics(Map<String, Map<String, Object>> resources, Map<String, String> parameters, Map<String, Object> conditions,
               LocalAccount account) {
        this.resources = resources;
        this.parameters = parameters;
        this.conditions = conditions;
        this.account = account;
    }

    /**
     * @param node  a template value
     * @param where its path in the template, for errors
     * @return the value with every intrinsic resolved; {@link #NO_VALUE} for {@code AWS::NoValue}
     */
    Object resolve(Object node, String where) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                String key = String.valueOf(map.keySet().iterator().next());
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return function(key, map.get(key), where);
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object value = resolve(entry.getValue(), where + "." + entry.getKey());
                if (value != NO_VALUE) {
                    resolved.put(String.valueOf(entry.getKey()), value);
                }
            }
            return resolved;
        }
        if (node instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object value = resolve(list.get(i), where + "[" + i + "]");
                if (value != NO_VALUE) {
                    resolved.add(value);
                }
            }
            return resolved;
        }
        return node;
    }

    /**
     * @param node  a template value that must come out as text
     * @param where its path in the template
     * @return the text
     */
    String string(Object node, String where) {
        Object value = resolve(node, where);
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw TemplateException.at(where, "expected a string, got " + value);
    }

    /**
     * @param name  a condition's name
     * @param where where it is used
     * @return its value
     */
    boolean condition(String name, String where) {
        Boolean known = evaluated.get(name);
        if (known != null) {
            return known;
        }
        if (!conditions.containsKey(name)) {
            throw TemplateException.at(where, "unknown condition " + name);
        }
        boolean value = truth(conditions.get(name), "Conditions." + name);
        evaluated.put(name, value);
        return value;
    }

    private boolean truth(Object node, String where) {
        if (node instanceof Map<?, ?> map && map.size() == 1) {
            String key = String.valueOf(map.keySet().iterator().next());
            Object argument = map.get(key);
            switch (key) {
                case "Condition":
                    return condition(String.valueOf(argument), where);
                case "Fn::Equals": {
                    List<?> pair = list(argument, 2, where, key);
                    return String.valueOf(resolve(pair.get(0), where)).equals(String.valueOf(resolve(pair.get(1), where)));
                }
                case "Fn::Not":
                    return !truth(list(argument, 1, where, key).get(0), where);
                case "Fn::And":
                    return list(argument, -1, where, key).stream().allMatch(c -> truth(c, where));
                case "Fn::Or":
                    return list(argument, -1, where, key).stream().anyMatch(c -> truth(c, where));
                default:
                    break;
            }
        }
        Object value = resolve(node, where);
        if (value instanceof Boolean b) {
            return b;
        }
        throw TemplateException.at(where, "expected a condition (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition), got " + node);
    }

    private Object function(String key, Object argument, String where) {
        String at = where + "." + key;
        return switch (key) {
            case "Ref" -> ref(String.valueOf(argument), at);
            case "Fn::GetAtt" -> {
                List<?> pair = argument instanceof String s ? List.of(s.split("\\.", 2)) : list(argument, 2, where, key);
                yield attribute(String.valueOf(pair.get(0)), string(pair.get(1), at), at);
            }
            case "Fn::Sub" -> sub(argument, at);
            case "Fn::If" -> {
                List<?> branches = list(argument, 3, where, key);
                yield resolve(condition(String.valueOf(branches.get(0)), at) ? branches.get(1) : branches.get(2), at);
            }
            case "Fn::Join" -> {
                List<?> parts = list(argument, 2, where, key);
                List<String> items = new ArrayList<>();
                for (Object item : asList(resolve(parts.get(1), at), at)) {
                    items.add(String.valueOf(item));
                }
                yield String.join(string(parts.get(0), at), items);
            }
            case "Fn::Select" -> {
                List<?> parts = list(argument, 2, where, key);
                List<?> items = asList(resolve(parts.get(1), at), at);
                int index = Integer.parseInt(string(parts.get(0), at));
                if (index < 0 || index >= items.size()) {
                    throw TemplateException.at(at, "index " + index + " is outside a list of " + items.size());
                }
                yield items.get(index);
            }
            case "Fn::Split" -> {
                List<?> parts = list(argument, 2, where, key);
                yield List.of(string(parts.get(1), at).split(Pattern.quote(string(parts.get(0), at)), -1));
            }
            case "Fn::Base64" -> Base64.getEncoder().encodeToString(string(argument, at).getBytes(StandardCharsets.UTF_8));
            case "Fn::ToJsonString" -> new Gson().toJson(resolve(argument, at));
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or" -> truth(Map.of(key, argument), at);
            default -> throw TemplateException.at(at, key + " cannot be resolved by the local cloud");
        };
    }

    private Object ref(String name, String where) {
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        switch (name) {
            case "AWS::Region":
                return account.region();
            case "AWS::AccountId":
                return account.accountId();
            case "AWS::StackName":
                return account.stackName();
            case "AWS::StackId":
                return "arn:aws:cloudformation:" + account.region() + ":" + account.accountId() + ":stack/" + account.stackName() + "/local";
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NoValue":
                return NO_VALUE;
            default:
                break;
        }
        Map<String, Object> resource = resources.get(name);
        if (resource == null) {
            throw TemplateException.at(where, "Ref to " + name + ", which is neither a parameter nor a resource");
        }
        String type = String.valueOf(resource.get("Type"));
        return switch (type) {
            case "AWS::Events::EventBus" -> name(name, "Name", where);
            case "AWS::SNS::Topic" -> account.topicArn(name(name, "TopicName", where));
            case "AWS::SQS::Queue" -> account.queueUrl(name(name, "QueueName", where));
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> name(name, "FunctionName", where);
            case "AWS::Lambda::Alias" -> account.functionArn(String.valueOf(resource.get("Function"))) + ":" + resource.get("Alias");
            default -> throw TemplateException.at(where, "Ref to a " + type + " (" + name + ") cannot be resolved by the local cloud");
        };
    }

    private Object attribute(String name, String attribute, String where) {
        Map<String, Object> resource = resources.get(name);
        if (resource == null) {
            throw TemplateException.at(where, "Fn::GetAtt on " + name + ", which is not a resource");
        }
        String type = String.valueOf(resource.get("Type"));
        String value = switch (type + "." + attribute) {
            case "AWS::Events::EventBus.Name" -> name(name, "Name", where);
            case "AWS::Events::EventBus.Arn" -> account.busArn(name(name, "Name", where));
            case "AWS::SNS::Topic.TopicName" -> name(name, "TopicName", where);
            case "AWS::SNS::Topic.TopicArn" -> account.topicArn(name(name, "TopicName", where));
            case "AWS::SQS::Queue.QueueName" -> name(name, "QueueName", where);
            case "AWS::SQS::Queue.Arn" -> account.queueArn(name(name, "QueueName", where));
            case "AWS::SQS::Queue.QueueUrl" -> account.queueUrl(name(name, "QueueName", where));
            case "AWS::Serverless::Function.Arn", "AWS::Lambda::Function.Arn" ->
                    account.functionArn(name(name, "FunctionName", where));
            case "AWS::Lambda::Url.FunctionUrl" -> account.functionUrl(String.valueOf(resource.get("Function")));
            default -> throw TemplateException.at(where, "Fn::GetAtt " + name + "." + attribute + " (a " + type
                    + ") cannot be resolved by the local cloud");
        };
        return value;
    }

    /**
     * The physical name of a resource: its name property when the template sets one, else, as CloudFormation does,
     * one made from the stack name and the logical id (a function keeps its logical id, as {@code sam local} does).
     */
    String name(String logicalId, String property, String where) {
        Map<String, Object> resource = resources.get(logicalId);
        Object properties = resource.get("Properties");
        if (properties instanceof Map<?, ?> props && props.get(property) != null) {
            if (!resolving.add(logicalId)) {
                throw TemplateException.at(where, "the name of " + logicalId + " refers to itself");
            }
            try {
                return string(props.get(property), "Resources." + logicalId + ".Properties." + property);
            } finally {
                resolving.remove(logicalId);
            }
        }
        String type = String.valueOf(resource.get("Type"));
        if (type.endsWith("::Function")) {
            return logicalId;
        }
        boolean fifo = properties instanceof Map<?, ?> props
                && ("true".equals(String.valueOf(props.get("FifoTopic"))) || "true".equals(String.valueOf(props.get("FifoQueue"))));
        return account.stackName() + "-" + logicalId + (fifo ? ".fifo" : "");
    }

    private String sub(Object argument, String where) {
        String text;
        Map<?, ?> variables = Map.of();
        if (argument instanceof List<?> list) {
            text = String.valueOf(list(argument, 2, where, "Fn::Sub").get(0));
            if (!(list.get(1) instanceof Map<?, ?> vars)) {
                throw TemplateException.at(where, "Fn::Sub's second item must be a map of variables");
            }
            variables = vars;
        } else {
            text = String.valueOf(argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            String variable = matcher.group(2);
            if (!matcher.group(1).isEmpty()) {
                replacement = "${" + variable + "}";
            } else if (variables.containsKey(variable)) {
                replacement = string(variables.get(variable), where + "." + variable);
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                int dot = variable.indexOf('.');
                replacement = String.valueOf(attribute(variable.substring(0, dot), variable.substring(dot + 1), where));
            } else {
                replacement = String.valueOf(ref(variable, where));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static List<?> list(Object argument, int size, String where, String function) {
        if (!(argument instanceof List<?> list) || (size >= 0 && list.size() != size)) {
            throw TemplateException.at(where, function + " takes a list" + (size >= 0 ? " of " + size : "") + ", got " + argument);
        }
        return list;
    }

    private static List<?> asList(Object value, String where) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw TemplateException.at(where, "expected a list, got " + value);
    }
}
