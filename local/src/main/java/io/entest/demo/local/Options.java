package io.entest.demo.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local cloud's command line.
 *
 * @param command          {@code serve}, {@code run}, {@code invoke} or {@code help}
 * @param arguments        the command's positional arguments
 * @param template         the template file
 * @param port             the port; 0 picks a free one
 * @param stateDir         where messages, dead letters and logs are kept
 * @param region           the region ARNs name
 * @param parameters       template parameter values
 * @param event            the event file for {@code run} and {@code invoke}
 * @param snapStart        whether to emulate SnapStart where the template turns it on
 * @param concurrency      the most JVMs per function
 * @param retryDelayScale  Lambda's and EventBridge's retry delays are multiplied by this
 * @param showLogs         whether the functions' own log lines are printed
 * @param faultThrottle    share of PutEvents entries failed with ThrottlingException
 * @param faultInternal    share of PutEvents entries failed with InternalFailure
 * @param faultSnsFailures how many SNS Publish calls fail first
 * @param faultSnsRate     share of later SNS Publish calls that fail
 * @param faultKills       function logical id to the number of its invokes whose JVM is killed mid-invoke
 */
public record Options(String command, List<String> arguments, Path template, int port, Path stateDir, String region,
                      Map<String, String> parameters, Path event, boolean snapStart, int concurrency, double retryDelayScale,
                      boolean showLogs, double faultThrottle, double faultInternal, int faultSnsFailures, double faultSnsRate,
                      Map<String, Integer> faultKills) {

    static final int DEFAULT_PORT = 4010;

    static final String HELP = """
            usage: local-cloud <command> [options]

            Runs template.yaml on this machine, with no AWS account and no Docker: EventBridge, SNS and Lambda endpoints
            on one loopback port, the template's rules matched by event-ruler, each function in its own JVM under the
            Lambda Runtime Interface Client.

            commands:
              serve                   serve until Ctrl-C; point the AWS CLI or an SDK at the printed endpoint (make local)
              run                     invoke ProducerFunction with --event, follow every event through the rule to the
                                      consumer and SNS, print the trail; exit 0 only if every event reached SNS (make run)
              invoke FUNCTION         invoke one function with --event and print its response, like sam local invoke -e
                                      (make invoke FN=... EVENT=...)
              help                    this text

            options:
              --template PATH         the SAM template (template.yaml)
              --port N                the port (serve: $PORT or 4010; run and invoke: a free one)
              --state DIR             messages, dead letters and function logs (.local)
              --region NAME           the region in ARNs and AWS_REGION (us-east-1)
              --parameter KEY=VALUE   a template parameter, as --parameter-overrides takes it; repeatable
              --event PATH            the event for run and invoke (events/produce.json)
              --no-snapstart          start functions on demand even where the template turns SnapStart on
              --concurrency N         the most JVMs per function at once (4)
              --retry-delay-scale X   multiply Lambda's async retry delays (1 min, 2 min) and EventBridge's by X (0.01)
              --logs                  print the functions' own log lines (always kept in <state>/logs/)

            faults, to see what production failures do:
              --fault-throttle SHARE        fail this share of PutEvents entries with ThrottlingException
              --fault-internal SHARE        fail this share of PutEvents entries with InternalFailure
              --fault-sns-failures N        fail the first N SNS Publish calls with InternalError
              --fault-sns-rate SHARE        then fail this share of Publish calls
              --fault-kill FUNCTION[:N]     kill the JVM serving FUNCTION's next N invokes (1) as soon as it takes the event

            endpoints (one port):  EventBridge  PutEvents TestEventPattern ListEventBuses DescribeEventBus ListRules
                                                DescribeRule ListTargetsByRule
                                   SNS          Publish ListTopics
                                   Lambda       Invoke (RequestResponse, Event, DryRun) ListFunctions
            """;

    /**
     * @param args the command line
     * @return the options
     * @throws IllegalArgumentException naming the bad argument
     */
    static Options parse(String[] args) {
        String command = null;
        List<String> arguments = new ArrayList<>();
        Path template = Path.of("template.yaml");
        Integer port = null;
        Path stateDir = Path.of(".local");
        String region = "us-east-1";
        Map<String, String> parameters = new LinkedHashMap<>();
        Path event = Path.of("events/produce.json");
        boolean snapStart = true;
        int concurrency = 4;
        double retryDelayScale = 0.01;
        boolean showLogs = false;
        double faultThrottle = 0;
        double faultInternal = 0;
        int faultSnsFailures = 0;
        double faultSnsRate = 0;
        Map<String, Integer> faultKills = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help", "help" -> command = "help";
                case "--template" -> template = Path.of(value(args, ++i, arg));
                case "--port" -> port = integer(value(args, ++i, arg), arg, 0, 65535);
                case "--state" -> stateDir = Path.of(value(args, ++i, arg));
                case "--region" -> region = value(args, ++i, arg);
                case "--parameter" -> {
                    String pair = value(args, ++i, arg);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--parameter takes KEY=VALUE; got \"" + pair + "\"");
                    }
                    parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                case "--event" -> event = Path.of(value(args, ++i, arg));
                case "--no-snapstart" -> snapStart = false;
                case "--concurrency" -> concurrency = integer(value(args, ++i, arg), arg, 1, 1000);
                case "--retry-delay-scale" -> retryDelayScale = share(value(args, ++i, arg), arg, 0, 1000);
                case "--logs" -> showLogs = true;
                case "--fault-throttle" -> faultThrottle = share(value(args, ++i, arg), arg, 0, 1);
                case "--fault-internal" -> faultInternal = share(value(args, ++i, arg), arg, 0, 1);
                case "--fault-sns-failures" -> faultSnsFailures = integer(value(args, ++i, arg), arg, 0, Integer.MAX_VALUE);
                case "--fault-sns-rate" -> faultSnsRate = share(value(args, ++i, arg), arg, 0, 1);
                case "--fault-kill" -> {
                    String spec = value(args, ++i, arg);
                    int colon = spec.indexOf(':');
                    faultKills.put(colon < 0 ? spec : spec.substring(0, colon),
                            colon < 0 ? 1 : integer(spec.substring(colon + 1), arg, 1, Integer.MAX_VALUE));
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg + " (see --help)");
                    }
                    if (command == null) {
                        command = arg;
                    } else {
                        arguments.add(arg);
                    }
                }
            }
        }
        command = command == null ? "help" : command;
        if (!List.of("serve", "run", "invoke", "help").contains(command)) {
            throw new IllegalArgumentException("unknown command " + command + ": use serve, run, invoke or help");
        }
        if (command.equals("invoke") && arguments.size() != 1) {
            throw new IllegalArgumentException("invoke takes one function, the template's logical id: invoke ProducerFunction --event FILE");
        }
        if (faultThrottle + faultInternal > 1) {
            throw new IllegalArgumentException("--fault-throttle and --fault-internal add up to more than 1");
        }
        if (port == null) {
            String env = System.getenv("PORT");
            port = command.equals("serve") ? (env == null || env.isBlank() ? DEFAULT_PORT : integer(env, "PORT", 0, 65535)) : 0;
        }
        return new Options(command, List.copyOf(arguments), template, port, stateDir, region, Map.copyOf(parameters), event,
                snapStart, concurrency, retryDelayScale, showLogs, faultThrottle, faultInternal, faultSnsFailures, faultSnsRate,
                Map.copyOf(faultKills));
    }

    /** Options for a local cloud started in-process, as tests and benchmarks start it. */
    public static Options defaults(Path template, Path stateDir) {
        return new Options("serve", List.of(), template, 0, stateDir, "us-east-1", Map.of(), Path.of("events/produce.json"),
                true, 4, 0.001, false, 0, 0, 0, 0, Map.of());
    }

    public Options withSnapStart(boolean on) {
        return new Options(command, arguments, template, port, stateDir, region, parameters, event, on, concurrency,
                retryDelayScale, showLogs, faultThrottle, faultInternal, faultSnsFailures, faultSnsRate, faultKills);
    }

    /** These options with faults injected, as the fidelity tests use them. */
    public Options withFaults(double throttle, double internal, int snsFailures, Map<String, Integer> kills, int maxConcurrency) {
        return new Options(command, arguments, template, port, stateDir, region, parameters, event, snapStart, maxConcurrency,
                retryDelayScale, showLogs, throttle, internal, snsFailures, faultSnsRate, Map.copyOf(kills));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int integer(String text, String option, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException(option + " must be from " + min + " to " + max + "; got " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number; got \"" + text + "\"");
        }
    }

    private static double share(String text, String option, double min, double max) {
        try {
            double value = Double.parseDouble(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException(option + " must be from " + min + " to " + max + "; got " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number; got \"" + text + "\"");
        }
    }
}
