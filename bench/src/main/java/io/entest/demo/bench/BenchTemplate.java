package io.entest.demo.bench;

import io.entest.demo.local.template.LocalTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The template the benchmarks run: the shipped functions and their baselines side by side, with the shipped
 * template's runtime, memory and JVM options, on a bus of their own. With routing, the consumer gets the shipped
 * rule, and the baseline consumer gets further rules, one operator after another, that the benchmark's events never match.
 */
final class BenchTemplate {

    static final String BUS = "bench-bus";

    private BenchTemplate() {
    }

    /**
     * @param file       where to write it
     * @param root       the project root
     * @param shipped    the shipped template, for runtime, memory, handlers and JVM options
     * @param rule       whether the consumer gets the shipped rule
     * @param extraRules how many further rules to add
     * @return the file
     */
    static Path write(Path file, Path root, LocalTemplate shipped, boolean rule, int extraRules) throws IOException {
        LocalTemplate.Function producer = shipped.functions().get("ProducerFunction");
        LocalTemplate.Function consumer = shipped.functions().get("ConsumerFunction");
        String pattern = shipped.rules().get(0).pattern();
        StringBuilder yaml = new StringBuilder();
        yaml.append("""
                Transform: AWS::Serverless-2016-10-31
                Globals:
                  Function:
                    Runtime: %s
                    MemorySize: %d
                    Timeout: 120
                    SnapStart:
                      ApplyOn: PublishedVersions
                    Environment:
                      Variables:
                        JAVA_TOOL_OPTIONS: "%s"
                        EVENT_BUS_NAME: %s
                        TOPIC_ARN: !Ref Topic
                Resources:
                  Bus:
                    Type: AWS::Events::EventBus
                    Properties:
                      Name: %s
                  Topic:
                    Type: AWS::SNS::Topic
                    Properties:
                      TopicName: bench-topic
                  ProducerFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: %s
                      Handler: %s
                  BaselineProducerFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: %s
                      Handler: io.entest.demo.producer.BaselineProducerHandler::handleRequest
                  ConsumerFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: %s
                      Handler: %s
                """.formatted(producer.runtime(), producer.memoryMb(), producer.environment().getOrDefault("JAVA_TOOL_OPTIONS", ""),
                BUS, BUS, root.resolve("producer").toAbsolutePath(), producer.handler(),
                root.resolve("bench/baseline-producer").toAbsolutePath(), root.resolve("consumer").toAbsolutePath(), consumer.handler()));
        if (rule) {
            yaml.append("""
                          Events:
                            StatusEvent:
                              Type: EventBridgeRule
                              Properties:
                                EventBusName: %s
                                Pattern: %s
                    """.formatted(BUS, pattern));
        }
        yaml.append("""
                  BaselineConsumerFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      CodeUri: %s
                      Handler: io.entest.demo.consumer.BaselineConsumerHandler::handleRequest
                """.formatted(root.resolve("bench/baseline-consumer").toAbsolutePath()));
        if (extraRules > 0) {
            yaml.append("      Events:\n");
            for (int i = 0; i < extraRules; i++) {
                yaml.append("""
                                Extra%d:
                                  Type: EventBridgeRule
                                  Properties:
                                    EventBusName: %s
                                    Pattern: %s
                        """.formatted(i, BUS, extraPattern(i)));
            }
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml.toString());
        return file;
    }

    /** The i-th further rule: every EventBridge operator in turn, none matching the benchmark's events. */
    static String extraPattern(int i) {
        return switch (i % 10) {
            case 0 -> "{\"detail\":{\"service\":[{\"prefix\":\"svc-%d\"}]}}".formatted(i);
            case 1 -> "{\"detail\":{\"service\":[{\"suffix\":\"-%d\"}]}}".formatted(i);
            case 2 -> "{\"detail\":{\"status\":[{\"anything-but\":[\"healthy\"]}],\"service\":[\"svc-%d\"]}}".formatted(i);
            case 3 -> "{\"detail\":{\"latencyMs\":[{\"numeric\":[\">\",%d]}]}}".formatted(100_000 + i);
            case 4 -> "{\"detail\":{\"missing-%d\":[{\"exists\":true}]}}".formatted(i);
            case 5 -> "{\"detail\":{\"ip\":[{\"cidr\":\"10.%d.0.0/16\"}]}}".formatted(i % 256);
            case 6 -> "{\"detail\":{\"service\":[{\"wildcard\":\"svc-%d-*\"}]}}".formatted(i);
            case 7 -> "{\"detail\":{\"service\":[{\"equals-ignore-case\":\"SVC-%d\"}]}}".formatted(i);
            case 8 -> "{\"$or\":[{\"detail\":{\"service\":[\"svc-%d\"]}},{\"detail\":{\"latencyMs\":[{\"numeric\":[\"<\",-%d]}]}}]}"
                    .formatted(i, i);
            default -> "{\"source\":[\"bench.other.%d\"]}".formatted(i);
        };
    }
}
