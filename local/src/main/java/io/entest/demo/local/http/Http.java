package io.entest.demo.local.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Small helpers over the JDK's HTTP server, shared by every endpoint the local cloud serves. */
public final class Http {

    static {
        // Without TCP_NODELAY, small request/response exchanges on loopback wait on delayed ACKs (tens of ms each).
        // The JDK's server reads this once, when its first server is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private Http() {
    }

    /**
     * @param port the port, or 0 for a free one
     * @return a server bound to loopback only, one virtual thread per exchange, not yet started
     */
    public static HttpServer loopbackServer(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a request body, refusing one over {@code limit} bytes.
     *
     * @param exchange the exchange
     * @param limit    the most bytes accepted
     * @return the body, or {@code null} when it is over the limit
     */
    public static byte[] body(HttpExchange exchange, int limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                return null;
            }
            return body;
        }
    }

    /**
     * Sends a whole response; Content-Length is the byte length of the body.
     *
     * @param exchange    the exchange
     * @param status      the status code
     * @param contentType the Content-Type, or {@code null} for none
     * @param body        the body
     */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    /** {@link #send(HttpExchange, int, String, byte[])} with a UTF-8 text body. */
    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
