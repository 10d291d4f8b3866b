package io.entest.demo.local.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.entest.demo.local.http.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API ({@code /2018-06-01/runtime/...}) for one function JVM, as the Runtime Interface Client
 * calls it: {@code invocation/next} long-polls for the next invoke; {@code response}, {@code error}, {@code init/error},
 * and for SnapStart {@code restore/next} and {@code restore/error}.
 *
 * <p>Thread-safe: each exchange runs on its own virtual thread.
 */
final class RuntimeApiServer implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final Pattern INVOCATION = Pattern.compile(PREFIX + "invocation/([^/]+)/(response|error)");
    private static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

    /** What the function JVM told the Runtime API about its start. */
    interface Listener {
        /** The first {@code invocation/next}: init is done (or, after a snapshot, restore is done). */
        void ready();

        /** {@code restore/next}: the {@code beforeCheckpoint} hooks ran; the snapshot would be taken now. */
        void checkpointed();

        /**
         * {@code init/error} or {@code restore/error}.
         *
         * @param phase     "init" or "restore"
         * @param errorType the error type header
         * @param body      the error document
         */
        void failed(String phase, String errorType, String body);
    }

    private final HttpServer server;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final Listener listener;
    private volatile boolean ready;

    RuntimeApiServer(Listener listener) {
        this.listener = listener;
        this.server = Http.loopbackServer(0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API} */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an invoke; the function takes it on its next {@code invocation/next}. */
    void submit(Invocation invocation) {
        pending.add(invocation);
    }

    /** Fails every queued and in-flight invoke, as when the JVM dies. */
    void failAll(Consumer<Invocation> failure) {
        Invocation next;
        while ((next = pending.poll()) != null) {
            failure.accept(next);
        }
        inFlight.values().forEach(failure);
        inFlight.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (method.equals("GET") && path.equals(PREFIX + "invocation/next")) {
            next(exchange);
        } else if (method.equals("GET") && path.equals(PREFIX + "restore/next")) {
            listener.checkpointed();
            Http.send(exchange, 200, "application/json", "");
        } else if (method.equals("POST") && (path.equals(PREFIX + "init/error") || path.equals(PREFIX + "restore/error"))) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            listener.failed(path.contains("init") ? "init" : "restore",
                    exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"), body);
            Http.send(exchange, 202, "application/json", "{\"status\":\"OK\"}");
        } else if (method.equals("POST") && INVOCATION.matcher(path).matches()) {
            answer(exchange, INVOCATION.matcher(path));
        } else {
            Http.send(exchange, 404, "application/json", ErrorDocument.of("the local Runtime API has no " + method + " " + path,
                    "InvalidRequest"));
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        if (!ready) {
            ready = true;
            listener.ready();
        }
        Invocation invocation;
        try {
            invocation = pending.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        inFlight.put(invocation.requestId(), invocation);
        invocation.taken().complete(null);
        var headers = exchange.getResponseHeaders();
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMs()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", invocation.functionArn());
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-00000000-" + invocation.requestId().replace("-", "").substring(0, 24)
                + ";Parent=0000000000000000;Sampled=0");
        Http.send(exchange, 200, "application/json", invocation.payload());
    }

    private void answer(HttpExchange exchange, Matcher matcher) throws IOException {
        matcher.matches();
        Invocation invocation = inFlight.remove(matcher.group(1));
        byte[] body = Http.body(exchange, MAX_RESPONSE_BYTES);
        if (invocation == null) {
            Http.send(exchange, 400, "application/json", ErrorDocument.of("no invocation in flight with id " + matcher.group(1),
                    "InvalidRequestID"));
            return;
        }
        boolean error = matcher.group(2).equals("error");
        if (body == null) {
            invocation.result().complete(new Invocation.Answer(true, ErrorDocument.of("Response payload size exceeded maximum "
                    + "allowed payload size (" + MAX_RESPONSE_BYTES + " bytes).", "Function.ResponseSizeTooLarge"),
                    "Function.ResponseSizeTooLarge"));
            Http.send(exchange, 413, "application/json", ErrorDocument.of("response too large", "RequestEntityTooLarge"));
            return;
        }
        invocation.result().complete(new Invocation.Answer(error, body,
                error ? exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type") : null));
        Http.send(exchange, 202, "application/json", "{\"status\":\"OK\"}");
    }

    @Override
    public void close() {
        server.stop(0);
        if (server.getExecutor() instanceof java.util.concurrent.ExecutorService executor) {
            executor.shutdownNow();
        }
    }
}
