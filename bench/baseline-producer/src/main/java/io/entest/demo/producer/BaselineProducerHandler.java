package io.entest.demo.producer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The producer as typical samples wire it: {@code EventBridgeClient.create()} (the SDK picks its default HTTP client),
 * no SnapStart priming hook, and one event per PutEvents call. Parsing, sizing and retries are the shipped handler's.
 */
public final class BaselineProducerHandler implements RequestStreamHandler {

    private final ProducerHandler delegate = new ProducerHandler(EventBridgeClient.create(), baselineConfig());

    private static ProducerConfig baselineConfig() {
        ProducerConfig shipped = ProducerConfig.fromEnv(EnvReader.system());
        return new ProducerConfig(shipped.eventBusName(), shipped.source(), shipped.detailType(), shipped.retry(), 1);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        delegate.handleRequest(input, output, context);
    }
}
