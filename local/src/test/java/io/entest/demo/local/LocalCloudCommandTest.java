package io.entest.demo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: what `make run`, `make invoke` and `local-cloud --help` do. */
class LocalCloudCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int main(String... args) {
        return Main.main(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void run_whenProduceFixture_exitsZeroShowsTheTrailAndLeavesNoJvmBehind(@TempDir Path state) {
        int code = main("run", "--template", "../template.yaml", "--event", "../events/produce.json", "--state", state.toString());

        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + err);
        assertTrue(text.startsWith("local cloud on http://127.0.0.1:"), text);
        assertTrue(text.contains("(template.yaml: 2 functions, 2 buses, 1 rule, 1 topic)"), text);
        assertTrue(text.contains("invoke ProducerFunction  ../events/produce.json"), text);
        assertTrue(text.contains("rule ConsumerFunctionStatusEvent matched → ConsumerFunction (async)"), text);
        assertTrue(text.contains("SNS local-Topic  message "), text);
        assertTrue(text.contains("REPORT ProducerFunction  Init "), text);
        assertTrue(text.contains("(SnapStart: restore "), text);
        assertTrue(text.contains("→ 202, 1 event"), text);
        assertTrue(text.contains("REPORT ConsumerFunction"), text);
        assertTrue(text.contains("attempt 1 → ok"), text);
        assertTrue(text.contains("ended → SNS (message "), text);
        assertTrue(text.matches("(?s).*\nevents\n  [0-9a-f]{8}  rules ConsumerFunctionStatusEvent  attempts #1 ok  → SNS \\(message [0-9a-f]{8}\\)\n.*"),
                text);
        assertTrue(text.contains("1 event produced, 1 delivered to SNS, 0 dead-lettered, 0 lost"), text);
        assertEquals(List.of(), functionJvms());
    }

    @Test
    void run_whenBadFixture_exitsOneNamingTheProblem(@TempDir Path state) {
        int code = main("run", "--template", "../template.yaml", "--event", "../events/bad-body-string.json", "--state", state.toString());

        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, text);
        assertTrue(text.contains("→ 400, 0 events"), text);
        assertTrue(text.contains("producer refused the request: body must be a JSON object or an array of objects"), text);
        assertTrue(text.contains("0 events produced, 0 delivered to SNS, 0 dead-lettered, 0 lost"), text);
        assertEquals(List.of(), functionJvms());
    }

    @Test
    void invoke_whenConsumerWithEnvelope_printsTheResponseOnStdoutAndReportOnStderr(@TempDir Path state) {
        int code = main("invoke", "ConsumerFunction", "--template", "../template.yaml", "--event", "../events/consume.json",
                "--state", state.toString());

        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        JsonObject response = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals("6a7e8feb-b491-4cf7-a9f1-bf3703467718", response.getAsJsonObject("message").get("id").getAsString());
        assertTrue(response.has("messageId"));
        assertTrue(err.toString(StandardCharsets.UTF_8).matches("(?s).*REPORT RequestId: \\S+\tDuration: [0-9.]+ ms\tBilled Duration: \\d+ ms"
                + "\tMemory Size: 512 MB\tMax Memory Used: [1-9]\\d* MB\tInit Duration: [0-9.]+ ms\tRestore Duration: [0-9.]+ ms.*"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), functionJvms());
    }

    @Test
    void help_printsUsageAndEveryCommand() {
        assertEquals(0, main("--help"));

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("usage: local-cloud <command> [options]"), text);
        for (String word : List.of("serve", "run", "invoke FUNCTION", "--fault-throttle", "--no-snapstart", "--port")) {
            assertTrue(text.contains(word), word);
        }
    }

    @Test
    void main_whenOptionUnknownOrTemplateMissing_exitsTwoWithAClearError(@TempDir Path state) {
        assertEquals(2, main("run", "--colour"));
        assertEquals("error: unknown option --colour (see --help)\n", err.toString(StandardCharsets.UTF_8));
        err.reset();

        assertEquals(2, main("run", "--template", state.resolve("missing.yaml").toString(), "--state", state.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: template: cannot read "), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void serve_whenPortTaken_exitsTwoNamingThePortAndLeavesNoJvm(@TempDir Path state) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int code = main("serve", "--template", "../template.yaml", "--port", Integer.toString(taken.getLocalPort()),
                    "--state", state.toString());

            assertEquals(2, code);
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    err.toString(StandardCharsets.UTF_8));
        }
        assertEquals(List.of(), functionJvms());
    }

    @Test
    void run_whenEventFileMissing_exitsTwoNamingIt(@TempDir Path state) {
        assertEquals(2, main("run", "--template", "../template.yaml", "--event", "../events/nope.json", "--state", state.toString()));

        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: cannot read the event file ../events/nope.json"),
                err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.isDirectory(state));
    }

    /** Function JVMs started by this test JVM and still running. */
    static List<String> functionJvms() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains("com.amazonaws.services.lambda.runtime.api.client.AWSLambda"))
                .toList();
    }
}
