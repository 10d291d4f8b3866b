package io.entest.demo.consumer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * ConsumerFunction: publishes each EventBridge event it receives to an SNS topic, with {@code source} and
 * {@code detail-type} as message attributes so that subscribers can filter.
 *
 * <p>A malformed event or a failed publish throws, so that Lambda's asynchronous retries and on-failure destination
 * keep the event. Delivery is at least once: subscribers deduplicate on the event {@code id}.
 */
public final class ConsumerHandler implements RequestStreamHandler, Resource {

    /** SNS Publish takes at most 256 KiB: the message plus each attribute's name, type and value. */
    static final int MAX_SNS_MESSAGE_BYTES = 256 * 1024;

    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    private static final String PRIMING_TOPIC = "arn:aws:sns:us-east-1:000000000000:priming";
    private static final byte[] PRIMING_EVENT = ("{\"version\":\"0\",\"id\":\"priming\",\"detail-type\":\"service_status\","
            + "\"source\":\"io.entest.demo\",\"account\":\"000000000000\",\"time\":\"1970-01-01T00:00:00Z\","
            + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"status\":\"priming\"}}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] PRIMING_RESPONSE = ("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
            + "<PublishResult><MessageId>priming</MessageId></PublishResult>"
            + "<ResponseMetadata><RequestId>priming</RequestId></ResponseMetadata></PublishResponse>")
            .getBytes(StandardCharsets.UTF_8);

    private final SnsClient sns;
    private final ConsumerConfig config;

    /** Lambda's constructor: reads the environment once, builds the client once, registers the priming hook. */
    public ConsumerHandler() {
        this(defaultClient(), ConsumerConfig.fromEnv(EnvReader.system()));
        Core.getGlobalContext().register(this);
    }

    /**
     * @param sns    the SNS client every Publish goes through
     * @param config the topic, or none
     */
    ConsumerHandler(SnsClient sns, ConsumerConfig config) {
        this.sns = sns;
        this.config = config;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        EventEnvelope event = EventEnvelope.parse(input.readAllBytes());
        JsonObject result = handle(event);
        context.getLogger().log(config.publishes()
                ? "published event " + event.id() + " to " + config.topicArn() + " as message " + result.get("messageId").getAsString()
                : "no TOPIC_ARN set; event " + event.id() + ": " + event.toJson(), LogLevel.INFO);
        output.write(EventEnvelope.GSON.toJson(result).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param event the parsed event
     * @return {@code {"message": <event>, "messageId": "..."}}, without {@code messageId} when there is no topic
     * @throws ConsumerException when the event is too large for SNS or Publish fails
     */
    JsonObject handle(EventEnvelope event) {
        JsonObject result = new JsonObject();
        result.add("message", event.json());
        if (!config.publishes()) {
            return result;
        }
        String message = event.toJson();
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("source", stringAttribute(event.source()));
        attributes.put("detail-type", stringAttribute(event.detailType()));
        int bytes = utf8Length(message);
        for (Map.Entry<String, MessageAttributeValue> attribute : attributes.entrySet()) {
            bytes += utf8Length(attribute.getKey()) + utf8Length(attribute.getValue().dataType())
                    + utf8Length(attribute.getValue().stringValue());
        }
        if (bytes > MAX_SNS_MESSAGE_BYTES) {
            throw ConsumerException.tooLarge(event.id(), bytes, MAX_SNS_MESSAGE_BYTES);
        }
        PublishRequest.Builder request = PublishRequest.builder()
                .topicArn(config.topicArn())
                .message(message)
                .messageAttributes(attributes);
        if (config.fifo()) {
            request.messageGroupId(event.source()).messageDeduplicationId(event.id());
        }
        try {
            result.addProperty("messageId", sns.publish(request.build()).messageId());
        } catch (SdkException e) {
            throw ConsumerException.publishFailed(event.id(), config.topicArn(), e);
        }
        return result;
    }

    /**
     * Publishes one event through the whole path, SDK included, against a client that never leaves the process,
     * so the first invoke after restore finds its classes loaded. Keeps nothing unique: no id, clock or connection.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try (SnsClient priming = SnsClient.builder()
                .httpClient(new CannedHttpClient("text/xml", PRIMING_RESPONSE))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .build()) {
            JsonObject result = new ConsumerHandler(priming, new ConsumerConfig(PRIMING_TOPIC)).handle(EventEnvelope.parse(PRIMING_EVENT));
            EventEnvelope.GSON.toJson(result);
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // The client connects lazily, so nothing opened before the snapshot needs reopening.
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static SnsClient defaultClient() {
        return SnsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT).apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT))
                .build();
    }
}
