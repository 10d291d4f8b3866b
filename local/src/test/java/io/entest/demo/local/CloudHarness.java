package io.entest.demo.local;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.entest.demo.local.trail.Trail;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** A local cloud started in-process on a free port, with real SDK clients pointed at it; everything stops on close. */
final class CloudHarness implements AutoCloseable {

    static final Path TEMPLATE = Path.of("..", "template.yaml");
    static final Path EVENTS = Path.of("..", "events");
    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    final LocalCloud cloud;
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    final LambdaClient lambda;
    final EventBridgeClient eventBridge;
    final SnsClient sns;
    final Path stateDir;

    CloudHarness(Path stateDir, Options options) {
        this.stateDir = stateDir;
        this.cloud = LocalCloud.start(options, new Trail(new PrintStream(output, true, StandardCharsets.UTF_8), true));
        URI endpoint = URI.create(cloud.endpoint());
        this.lambda = LambdaClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(java.time.Duration.ofSeconds(120)).build())
                .overrideConfiguration(c -> c.apiCallTimeout(java.time.Duration.ofSeconds(180)).retryStrategy(r -> r.maxAttempts(1)))
                .build();
        this.eventBridge = EventBridgeClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.sns = SnsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    CloudHarness(Path stateDir) {
        this(stateDir, Options.defaults(TEMPLATE, stateDir));
    }

    static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(EVENTS.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return every SNS message recorded on the template's topic, oldest first */
    List<JsonObject> snsMessages() {
        return jsonLines(stateDir.resolve("sns").resolve("local-Topic.jsonl"));
    }

    /** @return the SNS messages whose event id is {@code eventId} */
    List<JsonObject> snsMessagesFor(String eventId) {
        return snsMessages().stream().filter(m -> JsonParser.parseString(m.get("Message").getAsString()).getAsJsonObject()
                .get("id").getAsString().equals(eventId)).toList();
    }

    /** @return the dead-letter records in one queue's file */
    List<JsonObject> deadLetters(String queueName) {
        return jsonLines(stateDir.resolve("dead-letters").resolve(queueName + ".jsonl"));
    }

    /** @return each line of a JSON-lines file, none when there is no file yet */
    private static List<JsonObject> jsonLines(Path file) {
        List<JsonObject> records = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    records.add(JsonParser.parseString(line).getAsJsonObject());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    String trailText() {
        return output.toString(StandardCharsets.UTF_8);
    }

    List<Long> functionPids() {
        List<Long> pids = new ArrayList<>();
        for (String function : cloud.template().functions().keySet()) {
            pids.addAll(cloud.pool(function).pids());
        }
        return pids;
    }

    @Override
    public void close() {
        lambda.close();
        eventBridge.close();
        sns.close();
        cloud.close();
    }
}
