package io.entest.demo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `make local` stopped with Ctrl-C (SIGINT) leaves no function JVM and no port behind. */
class ServeShutdownTest {

    @Test
    void serve_whenInterrupted_stopsEveryFunctionJvmAndClosesItsPort(@TempDir Path state) throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process serve = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "-Dlocal.ric.dir=" + LocalCloud.ricDir(), Main.class.getName(), "serve", "--template", CloudHarness.TEMPLATE.toString(),
                "--port", Integer.toString(port), "--state", state.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String banner = output.readLine();
            assertTrue(banner != null && banner.startsWith("local cloud on http://127.0.0.1:" + port), String.valueOf(banner));
            StringBuilder help = new StringBuilder();
            for (String line = output.readLine(); line != null && !line.contains("Ctrl-C stops it"); line = output.readLine()) {
                help.append(line).append('\n');
            }
            assertTrue(help.toString().contains("aws --endpoint-url http://127.0.0.1:" + port + " --region us-east-1 lambda invoke"), help.toString());
            assertTrue(help.toString().contains("Function URL of ProducerFunction: http://127.0.0.1:" + port + "/lambda-url/ProducerFunction/"),
                    help.toString());
            Thread.ofVirtual().start(() -> output.lines().forEach(line -> { }));

            HttpResponse<String> invoke = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/ConsumerFunction/invocations"))
                    .POST(HttpRequest.BodyPublishers.ofFile(CloudHarness.EVENTS.resolve("consume.json"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, invoke.statusCode(), invoke.body());
            List<ProcessHandle> functionJvms = serve.descendants().filter(p -> p.info().commandLine().orElse("").contains("AWSLambda")).toList();
            assertEquals(1, functionJvms.size(), "one warm consumer JVM");

            Process interrupt = new ProcessBuilder("kill", "-INT", Long.toString(serve.pid())).start();
            assertEquals(0, interrupt.waitFor());
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "serve did not stop on SIGINT");

            for (ProcessHandle jvm : functionJvms) {
                assertTrue(jvm.onExit().get(10, TimeUnit.SECONDS) != null);
                assertFalse(jvm.isAlive(), "function JVM " + jvm.pid() + " outlived the local cloud");
            }
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "port " + port + " still open");
        } finally {
            serve.descendants().forEach(ProcessHandle::destroyForcibly);
            serve.destroyForcibly();
        }
    }
}
