package io.entest.demo.local.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.entest.demo.local.bus.EventRouter;
import io.entest.demo.local.delivery.AsyncInvoker;
import io.entest.demo.local.http.Http;
import io.entest.demo.local.runtime.FunctionPool;
import io.entest.demo.local.sns.TopicStore;
import io.entest.demo.local.template.LocalTemplate;
import io.entest.demo.local.trail.Trail;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The one port the AWS SDKs and CLI talk to: EventBridge (JSON 1.1, {@code X-Amz-Target: AWSEvents.*}), SNS (query,
 * {@code Action=...}), Lambda (REST, {@code /2015-03-31/functions/...}) and Function URLs ({@code /lambda-url/<function>/}),
 * told apart as AWS's endpoints would be.
 * Anything else gets an AWS-shaped error that says what is served.
 */
public final class AwsApiServer implements AutoCloseable {

    /** The largest request body read: a 6 MB Lambda payload, with room for JSON escaping. */
    static final int MAX_BODY_BYTES = 7 * 1024 * 1024;

    private final HttpServer server;
    private final EventBridgeApi eventBridge;
    private final SnsApi sns;
    private final LambdaApi lambda;
    private final FunctionUrlApi functionUrls;

    /**
     * Starts serving.
     *
     * @param port     the port, or 0 for a free one
     * @param template the template
     * @param router   the buses
     * @param topics   the topics
     * @param pools    the functions
     * @param invoker  asynchronous invocation
     * @param trail    what the user sees
     */
    public AwsApiServer(int port, LocalTemplate template, EventRouter router, TopicStore topics, Map<String, FunctionPool> pools,
                        AsyncInvoker invoker, Trail trail) {
        this.eventBridge = new EventBridgeApi(template, router);
        this.sns = new SnsApi(topics);
        this.lambda = new LambdaApi(template, pools, invoker, trail);
        this.functionUrls = new FunctionUrlApi(template, pools, trail);
        this.server = Http.loopbackServer(port);
        server.createContext("/", this::route);
        server.start();
    }

    /** @return the port served */
    public int port() {
        return server.getAddress().getPort();
    }

    private void route(HttpExchange exchange) throws IOException {
        try {
            byte[] body = Http.body(exchange, MAX_BODY_BYTES);
            if (body == null) {
                AwsErrors.json(exchange, 413, "RequestEntityTooLargeException", "request body is over " + MAX_BODY_BYTES + " bytes");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Map<String, String> form = target == null && exchange.getRequestMethod().equals("POST") ? SnsApi.form(body) : Map.of();
            if (path.startsWith(FunctionUrlApi.PREFIX)) {
                functionUrls.handle(exchange, body);
            } else if (path.startsWith("/2015-03-31/functions")) {
                lambda.handle(exchange, body);
            } else if (target != null && target.startsWith("AWSEvents.")) {
                eventBridge.handle(exchange, target.substring("AWSEvents.".length()), body);
            } else if (form.containsKey("Action")) {
                sns.handle(exchange, form);
            } else {
                AwsErrors.json(exchange, 400, "UnknownOperationException", "the local cloud serves EventBridge (X-Amz-Target: AWSEvents.*), "
                        + "SNS (Action=Publish|ListTopics) and Lambda (/2015-03-31/functions/...); got " + exchange.getRequestMethod()
                        + " " + path + (target == null ? "" : " with X-Amz-Target " + target));
            }
        } catch (RuntimeException e) {
            AwsErrors.json(exchange, 500, "InternalFailure", "the local cloud failed on this request: " + e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        if (server.getExecutor() instanceof ExecutorService executor) {
            executor.shutdownNow();
        }
    }
}
