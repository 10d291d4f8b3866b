package io.entest.demo.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateLoaderTest {

    static final LocalAccount ACCOUNT = new LocalAccount("us-east-1", "000000000000", "local", "http://127.0.0.1:4010");

    @Test
    void load_whenShippedTemplate_resolvesFunctionsBusRuleTopicAndQueues() {
        LocalTemplate template = TemplateLoader.load(TemplateTest.TEMPLATE, Map.of(), ACCOUNT);

        LocalTemplate.Function producer = template.functions().get("ProducerFunction");
        assertEquals("io.entest.demo.producer.ProducerHandler::handleRequest", producer.handler());
        assertEquals("java25", producer.runtime());
        assertEquals(512, producer.memoryMb());
        assertEquals(30, producer.timeoutSec());
        assertTrue(producer.snapStart());
        assertEquals("local-bus", producer.environment().get("EVENT_BUS_NAME"));
        assertEquals("io.entest.demo", producer.environment().get("EVENT_SOURCE"));
        assertEquals("-XX:+TieredCompilation -XX:TieredStopAtLevel=1", producer.environment().get("JAVA_TOOL_OPTIONS"));
        assertTrue(producer.codeUri().endsWith("producer"));

        LocalTemplate.Function consumer = template.functions().get("ConsumerFunction");
        assertEquals("arn:aws:sns:us-east-1:000000000000:local-Topic", consumer.environment().get("TOPIC_ARN"));
        assertEquals(new LocalTemplate.AsyncConfig(2, 21600, "arn:aws:sqs:us-east-1:000000000000:local-ConsumerFailureQueue"),
                consumer.async());

        assertEquals(List.of("default", "local-bus"), List.copyOf(template.buses().keySet()));
        LocalTemplate.Rule rule = template.rules().get(0);
        assertEquals("ConsumerFunctionStatusEvent", rule.logicalId());
        assertEquals("local-bus", rule.busName());
        assertEquals("{\"source\":[\"io.entest.demo\"]}", rule.pattern());
        assertEquals("ConsumerFunction", rule.targetFunction());
        assertEquals(185, rule.maximumRetryAttempts());
        assertEquals(86400, rule.maximumEventAgeSeconds());
        assertEquals("arn:aws:sqs:us-east-1:000000000000:local-RuleDeadLetterQueue", rule.deadLetterQueueArn());
        assertEquals(List.of("arn:aws:sns:us-east-1:000000000000:local-Topic"), List.copyOf(template.topics().keySet()));
        assertTrue(template.queues().containsKey("arn:aws:sqs:us-east-1:000000000000:local-ConsumerFailureQueue"));
        assertEquals(List.of(), template.notEmulated());
    }

    @Test
    void load_whenTopicArnParameterGiven_usesItAndCreatesNoTopic() {
        String existing = "arn:aws:sns:us-east-1:000000000000:existing-topic";

        LocalTemplate template = TemplateLoader.load(TemplateTest.TEMPLATE, Map.of("TopicArn", existing), ACCOUNT);

        assertEquals(existing, template.functions().get("ConsumerFunction").environment().get("TOPIC_ARN"));
        assertTrue(template.topics().isEmpty());
    }

    @Test
    void load_whenParameterBreaksAllowedPattern_namesIt() {
        TemplateException e = assertThrows(TemplateException.class,
                () -> TemplateLoader.load(TemplateTest.TEMPLATE, Map.of("TopicArn", "not-an-arn"), ACCOUNT));

        assertTrue(e.getMessage().startsWith("template: Parameters.TopicArn: \"not-an-arn\" does not match AllowedPattern"), e.getMessage());
    }

    @Test
    void load_whenIntrinsicUnsupported_namesItAndWhereItStands(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: fn
                      Handler: a.B::handleRequest
                      Runtime: java25
                      Environment:
                        Variables:
                          SHARED: !ImportValue other-stack-output
                """);

        TemplateException e = assertThrows(TemplateException.class, () -> TemplateLoader.load(template, Map.of(), ACCOUNT));

        assertEquals("template: Resources.Fn.Properties.Environment.Variables.SHARED.Fn::ImportValue: "
                + "Fn::ImportValue cannot be resolved by the local cloud", e.getMessage());
    }

    @Test
    void load_whenShortTagsNest_resolvesSubJoinSelectSplitAndIf(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, """
                Parameters:
                  Stage:
                    Type: String
                    Default: dev
                Conditions:
                  IsProd: !Equals [!Ref Stage, prod]
                  NotProd: !Not [!Condition IsProd]
                Resources:
                  Bus:
                    Type: AWS::Events::EventBus
                    Properties:
                      Name: !Sub "${AWS::StackName}-${Stage}-bus"
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: fn
                      Handler: a.B::handleRequest
                      Runtime: java21
                      Environment:
                        Variables:
                          BUS: !Ref Bus
                          BUS_ARN: !GetAtt Bus.Arn
                          JOINED: !Join ["/", [a, !Ref Stage, c]]
                          SECOND: !Select [1, !Split [",", "x,y,z"]]
                          MODE: !If [NotProd, relaxed, strict]
                          LITERAL: !Sub "${!NotAVariable}"
                          DROPPED: !If [IsProd, kept, !Ref AWS::NoValue]
                """);

        Map<String, String> env = TemplateLoader.load(template, Map.of(), ACCOUNT).functions().get("Fn").environment();

        assertEquals("local-dev-bus", env.get("BUS"));
        assertEquals("arn:aws:events:us-east-1:000000000000:event-bus/local-dev-bus", env.get("BUS_ARN"));
        assertEquals("a/dev/c", env.get("JOINED"));
        assertEquals("y", env.get("SECOND"));
        assertEquals("relaxed", env.get("MODE"));
        assertEquals("${NotAVariable}", env.get("LITERAL"));
        assertNull(env.get("DROPPED"));
    }

    @Test
    void load_whenRefUnknown_namesIt(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, """
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: fn
                      Handler: a.B::handleRequest
                      Runtime: java25
                      Environment:
                        Variables:
                          X: !Ref Missing
                """);

        TemplateException e = assertThrows(TemplateException.class, () -> TemplateLoader.load(template, Map.of(), ACCOUNT));

        assertEquals("template: Resources.Fn.Properties.Environment.Variables.X.Ref: Ref to Missing, which is neither a parameter "
                + "nor a resource", e.getMessage());
    }
}
