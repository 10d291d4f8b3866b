package io.entest.demo.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The consumer with its real SDK client, over HTTP, against moto: the message must come out of an SQS subscription. */
class ConsumerMotoTest {

    private static MotoServer moto;
    private static SnsClient sns;
    private static SqsClient sqs;

    @BeforeAll
    static void startMoto() throws Exception {
        Optional<Path> executable = MotoServer.executable();
        if (executable.isEmpty()) {
            System.out.println("SKIPPED ConsumerMotoTest: moto_server is not on PATH (pip install 'moto[server]' to run it)");
        }
        Assumptions.assumeTrue(executable.isPresent(), "moto_server is not on PATH");
        moto = MotoServer.start(executable.get());
        sns = SnsClient.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                .credentialsProvider(MotoServer.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (moto != null) {
            sns.close();
            sqs.close();
            moto.close();
        }
    }

    @Test
    void handleRequest_whenRealClient_messageArrivesOnSubscribedQueueWithAttributes() throws Exception {
        String topicArn = sns.createTopic(r -> r.name("demo-topic")).topicArn();
        String queueUrl = sqs.createQueue(r -> r.queueName("demo-subscriber")).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn));

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new ConsumerHandler(sns, new ConsumerConfig(topicArn))
                .handleRequest(new ByteArrayInputStream(Fixtures.bytes("consume.json")), output, new FakeContext());
        String messageId = JsonParser.parseString(output.toString(StandardCharsets.UTF_8)).getAsJsonObject()
                .get("messageId").getAsString();

        JsonObject notification = JsonParser.parseString(receiveOne(queueUrl).body()).getAsJsonObject();
        assertEquals(messageId, notification.get("MessageId").getAsString());
        assertEquals(topicArn, notification.get("TopicArn").getAsString());
        assertEquals(JsonParser.parseString(new String(Fixtures.bytes("consume.json"), StandardCharsets.UTF_8)),
                JsonParser.parseString(notification.get("Message").getAsString()));
        JsonObject attributes = notification.getAsJsonObject("MessageAttributes");
        assertEquals("io.entest.demo", attributes.getAsJsonObject("source").get("Value").getAsString());
        assertEquals("String", attributes.getAsJsonObject("source").get("Type").getAsString());
        assertEquals("service_status", attributes.getAsJsonObject("detail-type").get("Value").getAsString());
    }

    private static Message receiveOne(String queueUrl) {
        for (int attempt = 0; attempt < 20; attempt++) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(1)).messages();
            if (!messages.isEmpty()) {
                return messages.get(0);
            }
        }
        throw new AssertionError("no message arrived on " + queueUrl);
    }
}
