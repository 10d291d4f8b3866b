package io.entest.demo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI, unchanged, against the local cloud: the README's `aws --endpoint-url` commands. */
class AwsCliTest {

    @TempDir
    static Path state;

    private static Path aws;
    private static CloudHarness harness;

    @BeforeAll
    static void start() {
        aws = Executables.onPath("aws");
        if (aws == null) {
            System.out.println("SKIPPED AwsCliTest: the aws CLI is not on PATH (pip install awscli)");
        }
        Assumptions.assumeTrue(aws != null, "the aws CLI is not on PATH");
        harness = new CloudHarness(state);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(aws.toString(), "--endpoint-url", harness.cloud.endpoint(), "--region", "us-east-1",
                "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", "local");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        builder.environment().put("AWS_CONFIG_FILE", state.resolve("aws-config").toString());
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", state.resolve("aws-credentials").toString());
        builder.environment().remove("AWS_PROFILE");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "aws " + String.join(" ", args) + " did not finish");
        assertEquals(0, process.exitValue(), "aws " + String.join(" ", args) + ":\n" + output);
        return output;
    }

    @Test
    void lambdaInvoke_whenProducerFixture_writes202() throws Exception {
        Path out = state.resolve("response.json");

        cli("lambda", "invoke", "--function-name", "ProducerFunction",
                "--payload", "fileb://" + CloudHarness.EVENTS.resolve("produce.json").toAbsolutePath(), out.toString());

        JsonObject response = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        assertEquals(202, response.get("statusCode").getAsInt(), response.toString());
    }

    @Test
    void eventsPutEvents_whenMatchingEntry_reachesSns() throws Exception {
        String output = cli("events", "put-events", "--entries",
                "[{\"Source\":\"io.entest.demo\",\"DetailType\":\"service_status\",\"Detail\":\"{\\\"from\\\":\\\"cli\\\"}\",\"EventBusName\":\"local-bus\"}]");

        JsonObject response = JsonParser.parseString(output).getAsJsonObject();
        assertEquals(0, response.get("FailedEntryCount").getAsInt());
        String id = response.getAsJsonArray("Entries").get(0).getAsJsonObject().get("EventId").getAsString();
        assertTrue(harness.cloud.trail().awaitSettled(List.of(id), 60_000), harness.trailText());
        assertEquals(1, harness.snsMessagesFor(id).size());
    }

    @Test
    void snsListTopics_listsTheTemplatesTopic() throws Exception {
        JsonObject response = JsonParser.parseString(cli("sns", "list-topics")).getAsJsonObject();

        assertEquals("arn:aws:sns:us-east-1:000000000000:local-Topic",
                response.getAsJsonArray("Topics").get(0).getAsJsonObject().get("TopicArn").getAsString());
    }
}
