package io.entest.demo.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.entest.demo.local.Executables;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The shipped template.yaml holds what the design promises. */
class TemplateTest {

    static final Path TEMPLATE = Path.of("..", "template.yaml");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> raw() throws Exception {
        return (Map<String, Object>) CfnYaml.load(Files.readString(TEMPLATE));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @Test
    void everyFunction_handlerNamesAClassInItsModuleWithHandleRequest() throws Exception {
        Map<String, Object> resources = map(raw().get("Resources"));
        List<String> functions = new ArrayList<>();
        for (Map.Entry<String, Object> entry : resources.entrySet()) {
            Map<String, Object> resource = map(entry.getValue());
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                continue;
            }
            functions.add(entry.getKey());
            Map<String, Object> props = map(resource.get("Properties"));
            String handler = (String) props.get("Handler");
            String className = handler.substring(0, handler.indexOf("::"));
            String method = handler.substring(handler.indexOf("::") + 2);
            Path source = TEMPLATE.getParent().resolve((String) props.get("CodeUri"))
                    .resolve("src/main/java").resolve(className.replace('.', File.separatorChar) + ".java");
            assertTrue(Files.isRegularFile(source), entry.getKey() + ": no " + source + " for handler " + handler);
            String text = Files.readString(source);
            assertTrue(text.contains("public final class " + className.substring(className.lastIndexOf('.') + 1)
                    + " implements RequestStreamHandler"), source + " must declare a public RequestStreamHandler");
            assertTrue(text.contains("public void " + method + "(InputStream input, OutputStream output, Context context)"),
                    source + " must declare " + method);
        }
        assertEquals(List.of("ProducerFunction", "ConsumerFunction"), functions);
    }

    @Test
    void everyFunction_hasSnapStartOnPublishedVersionsAndAnAlias() throws Exception {
        Map<String, Object> root = raw();
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        for (String id : List.of("ProducerFunction", "ConsumerFunction")) {
            Map<String, Object> props = map(map(map(root.get("Resources")).get(id)).get("Properties"));
            Object snapStart = props.containsKey("SnapStart") ? props.get("SnapStart") : globals.get("SnapStart");
            Object alias = props.containsKey("AutoPublishAlias") ? props.get("AutoPublishAlias") : globals.get("AutoPublishAlias");
            assertEquals("PublishedVersions", map(snapStart).get("ApplyOn"), id);
            assertTrue(alias instanceof String s && !s.isBlank(), id + " needs AutoPublishAlias so the rule reaches a SnapStart version");
            Object runtime = props.containsKey("Runtime") ? props.get("Runtime") : globals.get("Runtime");
            assertEquals("java25", runtime, id);
        }
    }

    @Test
    void consumer_ruleIsAnEventBridgeRuleWithTheOriginalPatternRetryPolicyAndDeadLetterQueue() throws Exception {
        Map<String, Object> consumer = map(map(map(raw().get("Resources")).get("ConsumerFunction")).get("Properties"));
        Map<String, Object> events = map(consumer.get("Events"));
        assertEquals(1, events.size());
        Map<String, Object> event = map(events.values().iterator().next());
        assertEquals("EventBridgeRule", event.get("Type"));
        Map<String, Object> props = map(event.get("Properties"));
        assertEquals(JsonParser.parseString("{\"source\":[\"io.entest.demo\"]}"),
                JsonParser.parseString(new com.google.gson.Gson().toJson(props.get("Pattern"))));
        assertNotNull(map(props.get("RetryPolicy")).get("MaximumRetryAttempts"));
        assertNotNull(map(props.get("RetryPolicy")).get("MaximumEventAgeInSeconds"));
        assertFalse(map(props.get("DeadLetterConfig")).isEmpty());
        assertNotNull(map(map(map(consumer.get("EventInvokeConfig")).get("DestinationConfig")).get("OnFailure")).get("Destination"));
    }

    @Test
    void template_givesTheProducerAnIamFunctionUrlJsonLogsLeastPrivilegeAndDescribedOutputs() throws Exception {
        Map<String, Object> root = raw();
        Map<String, Object> resources = map(root.get("Resources"));
        Map<String, Object> producer = map(map(resources.get("ProducerFunction")).get("Properties"));
        Map<String, Object> consumer = map(map(resources.get("ConsumerFunction")).get("Properties"));

        assertEquals("AWS_IAM", map(producer.get("FunctionUrlConfig")).get("AuthType"));
        assertEquals("JSON", map(map(map(root.get("Globals")).get("Function")).get("LoggingConfig")).get("LogFormat"));
        assertEquals(List.of(Map.of("EventBridgePutEventsPolicy", Map.of("EventBusName", Map.of("Ref", "EventBus")))),
                producer.get("Policies"));
        Object statement = ((List<?>) map(((List<?>) consumer.get("Policies")).get(0)).get("Statement")).get(0);
        assertEquals("sns:Publish", map(statement).get("Action"));
        assertEquals(Map.of("Fn::If", List.of("CreateTopic", Map.of("Ref", "Topic"), Map.of("Ref", "TopicArn"))), map(statement).get("Resource"));
        assertEquals("CreateTopic", map(resources.get("Topic")).get("Condition"));

        Map<String, Object> outputs = map(root.get("Outputs"));
        for (String output : List.of("EventBusName", "TopicArn", "ProducerFunctionUrl", "ConsumerFailureQueueUrl", "RuleDeadLetterQueueUrl")) {
            assertTrue(outputs.containsKey(output), "missing output " + output);
        }
        for (Map.Entry<String, Object> output : outputs.entrySet()) {
            Object description = map(output.getValue()).get("Description");
            assertTrue(description instanceof String d && !d.isBlank(), output.getKey() + " needs a Description");
        }
    }

    @Test
    void samconfig_setsTheStackS3BucketCapabilitiesAndChangesetConfirmation() throws Exception {
        String samconfig = Files.readString(TEMPLATE.getParent().resolve("samconfig.toml"));

        for (String setting : List.of("stack_name = \"eventbridge-java-demo\"", "resolve_s3 = true", "capabilities = \"CAPABILITY_IAM\"",
                "confirm_changeset = true")) {
            assertTrue(samconfig.contains(setting), "samconfig.toml lacks " + setting);
        }
    }

    @Test
    void policies_grantNoWildcardActionOrResource() throws Exception {
        List<String> wildcards = new ArrayList<>();
        for (Map.Entry<String, Object> entry : map(raw().get("Resources")).entrySet()) {
            Object policies = map(map(entry.getValue()).get("Properties")).get("Policies");
            collectWildcards(entry.getKey(), policies, wildcards);
        }
        assertEquals(List.of(), wildcards);
    }

    private static void collectWildcards(String where, Object node, List<String> found) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if ((key.equals("Action") || key.equals("Resource")) && mentionsWildcard(entry.getValue())) {
                    found.add(where + "." + key + " = " + entry.getValue());
                }
                collectWildcards(where + "." + key, entry.getValue(), found);
            }
        } else if (node instanceof List<?> list) {
            for (Object item : list) {
                collectWildcards(where, item, found);
            }
        } else if (node instanceof String s && s.contains("*")) {
            found.add(where + " = " + s);
        }
    }

    private static boolean mentionsWildcard(Object value) {
        if (value instanceof String s) {
            return s.equals("*") || s.endsWith(":*");
        }
        return value instanceof List<?> list && list.stream().anyMatch(TemplateTest::mentionsWildcard);
    }

    @Test
    void cfnLint_reportsNothing() throws Exception {
        Path cfnLint = Executables.onPath("cfn-lint");
        if (cfnLint == null) {
            System.out.println("SKIPPED cfnLint_reportsNothing: cfn-lint is not on PATH (pip install cfn-lint)");
        }
        Assumptions.assumeTrue(cfnLint != null, "cfn-lint is not on PATH");
        Process process = new ProcessBuilder(cfnLint.toString(), TEMPLATE.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "cfn-lint did not finish");
        assertEquals(0, process.exitValue(), "cfn-lint template.yaml:\n" + output);
    }
}
