package io.entest.demo.producer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.google.gson.JsonObject;
import io.entest.demo.producer.EventBatcher.Pending;
import io.entest.demo.producer.PutEventsRetrier.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * ProducerFunction: turns each JSON object of the request body into one EventBridge event.
 *
 * <p>Answers 202 with the event ids when every event was put, 400 or 413 naming what was wrong (nothing is sent),
 * or 502 listing the entries that still failed after retries.
 */
public final class ProducerHandler implements RequestStreamHandler, Resource {

    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] PRIMING_REQUEST =
            "{\"body\":{\"status\":\"priming\",\"ok\":true,\"n\":1}}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PRIMING_RESPONSE =
            "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"priming\"}]}".getBytes(StandardCharsets.UTF_8);

    private final ProducerConfig config;
    private final PutEventsRetrier retrier;

    /** Lambda's constructor: reads the environment once, builds the client once, registers the priming hook. */
    public ProducerHandler() {
        this(defaultClient(), ProducerConfig.fromEnv(EnvReader.system()));
        Core.getGlobalContext().register(this);
    }

    /**
     * @param client the EventBridge client every PutEvents goes through
     * @param config bus, source, detail type and retry settings
     */
    ProducerHandler(EventBridgeClient client, ProducerConfig config) {
        this.config = config;
        this.retrier = new PutEventsRetrier(client, config.eventBusName(), config.retry());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonObject response = handle(input.readAllBytes(), context::getRemainingTimeInMillis);
        int status = response.get("statusCode").getAsInt();
        context.getLogger().log("producer answered " + status + ": " + ProducerResponse.summary(response),
                status == ProducerResponse.ACCEPTED ? LogLevel.INFO : LogLevel.ERROR);
        output.write(Json.GSON.toJson(response).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param input           the raw invoke payload
     * @param remainingMillis the Lambda's remaining time
     * @return the HTTP-shaped answer
     */
    JsonObject handle(byte[] input, LongSupplier remainingMillis) {
        List<Pending> entries;
        try {
            entries = entries(RequestParser.parse(input));
        } catch (BadRequestException e) {
            return ProducerResponse.error(e.statusCode(), e.getMessage());
        }
        List<Result> results = new ArrayList<>(entries.size());
        for (List<Pending> batch : EventBatcher.batches(entries, config.maxEntriesPerRequest())) {
            results.addAll(retrier.send(batch, remainingMillis));
        }
        return ProducerResponse.of(results);
    }

    private List<Pending> entries(List<JsonObject> details) {
        List<Pending> entries = new ArrayList<>(details.size());
        for (int i = 0; i < details.size(); i++) {
            Pending pending = new Pending(i, PutEventsRequestEntry.builder()
                    .source(config.source())
                    .detailType(config.detailType())
                    .detail(Json.GSON.toJson(details.get(i)))
                    .build());
            if (pending.size() > EventBatcher.MAX_REQUEST_BYTES) {
                throw BadRequestException.tooLarge("body[" + i + "] makes an event of " + pending.size()
                        + " bytes; EventBridge takes at most " + EventBatcher.MAX_REQUEST_BYTES
                        + " bytes per PutEvents request (Source + DetailType + Detail)");
            }
            entries.add(pending);
        }
        return entries;
    }

    /**
     * Runs one request through the whole path, SDK included, against a client that never leaves the process,
     * so the first invoke after restore finds its classes loaded. Keeps nothing unique: no id, clock or connection.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try (EventBridgeClient priming = EventBridgeClient.builder()
                .httpClient(new CannedHttpClient("application/x-amz-json-1.1", PRIMING_RESPONSE))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .build()) {
            JsonObject response = new ProducerHandler(priming, config).handle(PRIMING_REQUEST, () -> Long.MAX_VALUE / 2);
            int status = response.get("statusCode").getAsInt();
            if (status != ProducerResponse.ACCEPTED) {
                throw new IllegalStateException("priming request answered " + status + ": " + response.get("body"));
            }
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // The client connects lazily, so nothing opened before the snapshot needs reopening.
    }

    private static EventBridgeClient defaultClient() {
        return EventBridgeClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT).apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT))
                .build();
    }
}
