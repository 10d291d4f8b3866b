package io.entest.demo.local.template;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the local cloud runs, read from {@code template.yaml}: functions, buses, rules, topics and queues, with every
 * intrinsic resolved against the parameters and the local account.
 *
 * @param path      the template file
 * @param account   the names and ARNs in use
 * @param functions the functions, by logical id
 * @param buses     the event buses by name, {@code default} included
 * @param rules     the rules, in template order
 * @param topics    the SNS topics by ARN
 * @param queues      the SQS queues (dead-letter places) by ARN
 * @param notEmulated resources and event sources the local cloud leaves out, as "id (type)"
 */
public record LocalTemplate(Path path, LocalAccount account, Map<String, Function> functions, Map<String, Bus> buses,
                            List<Rule> rules, Map<String, Topic> topics, Map<String, Queue> queues, List<String> notEmulated) {

    /**
     * A Lambda function.
     *
     * @param logicalId   its logical id, which is also its local name
     * @param codeUri     the folder its code is built from
     * @param handler     the handler string
     * @param runtime     the runtime, such as {@code java25}
     * @param memoryMb    {@code MemorySize}
     * @param timeoutSec  {@code Timeout}
     * @param environment the resolved environment variables
     * @param snapStart   whether {@code SnapStart.ApplyOn} is {@code PublishedVersions}
     * @param async       how asynchronous invokes are retried
     * @param arn         its local ARN
     * @param logFormat   {@code LoggingConfig.LogFormat}: {@code Text} or {@code JSON}
     * @param logLevel    {@code LoggingConfig.ApplicationLogLevel}, or {@code null}
     * @param reservedConcurrency {@code ReservedConcurrentExecutions}, or -1 when unreserved; 0 throttles every invoke
     * @param functionUrl whether the template gives it a Function URL ({@code FunctionUrlConfig})
     */
    public record Function(String logicalId, Path codeUri, String handler, String runtime, int memoryMb, int timeoutSec,
                           Map<String, String> environment, boolean snapStart, AsyncConfig async, String arn, String logFormat,
                           String logLevel, int reservedConcurrency, boolean functionUrl) {
    }

    /**
     * A function's {@code EventInvokeConfig}.
     *
     * @param maximumRetryAttempts   0-2, Lambda's default 2
     * @param maximumEventAgeSeconds 60-21600, Lambda's default 21600
     * @param onFailureQueueArn      the on-failure destination queue, or {@code null}
     */
    public record AsyncConfig(int maximumRetryAttempts, int maximumEventAgeSeconds, String onFailureQueueArn) {

        static final AsyncConfig DEFAULT = new AsyncConfig(2, 21600, null);
    }

    /**
     * An event bus.
     *
     * @param name its name
     * @param arn  its ARN
     */
    public record Bus(String name, String arn) {
    }

    /**
     * A rule that routes events to a function.
     *
     * @param logicalId              its logical id, as SAM names it: function id plus event name
     * @param busName                the bus it watches
     * @param pattern                the event pattern, as JSON text
     * @param targetFunction         the target function's logical id
     * @param maximumRetryAttempts   the target's {@code RetryPolicy} (0-185, default 185)
     * @param maximumEventAgeSeconds the target's {@code RetryPolicy} (60-86400, default 86400)
     * @param deadLetterQueueArn     the target's {@code DeadLetterConfig} queue, or {@code null}
     * @param arn                    its local ARN
     */
    public record Rule(String logicalId, String busName, String pattern, String targetFunction, int maximumRetryAttempts,
                       int maximumEventAgeSeconds, String deadLetterQueueArn, String arn) {
    }

    /**
     * An SNS topic.
     *
     * @param logicalId its logical id
     * @param name      its name
     * @param arn       its ARN
     */
    public record Topic(String logicalId, String name, String arn) {

        public boolean fifo() {
            return name.endsWith(".fifo");
        }
    }

    /**
     * An SQS queue; locally, a file of dead letters.
     *
     * @param logicalId its logical id
     * @param name      its name
     * @param arn       its ARN
     * @param url       its URL
     */
    public record Queue(String logicalId, String name, String arn, String url) {
    }

    /**
     * @param nameOrArn a function's logical id, name, ARN, or alias ARN
     * @return the function, if the template has it
     */
    public Optional<Function> function(String nameOrArn) {
        String name = nameOrArn;
        if (name.startsWith("arn:")) {
            String[] parts = name.split(":");
            name = parts.length >= 7 ? parts[6] : name;
        } else if (name.contains(":")) {
            name = name.substring(0, name.indexOf(':'));
        }
        return Optional.ofNullable(functions.get(name));
    }

    /**
     * @param nameOrArn a bus name or ARN; {@code null} means {@code default}
     * @return the bus, if the template has it
     */
    public Optional<Bus> bus(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isEmpty()) {
            return Optional.ofNullable(buses.get("default"));
        }
        String name = nameOrArn.startsWith("arn:") ? nameOrArn.substring(nameOrArn.indexOf("event-bus/") + 10) : nameOrArn;
        return Optional.ofNullable(buses.get(name));
    }
}
