package io.entest.demo.consumer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The consumer as typical samples wire it: {@code SnsClient.create()} (the SDK picks its default HTTP client) and
 * no SnapStart priming hook. The work itself is the shipped handler's.
 */
public final class BaselineConsumerHandler implements RequestStreamHandler {

    private final ConsumerHandler delegate = new ConsumerHandler(SnsClient.create(), ConsumerConfig.fromEnv(EnvReader.system()));

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        delegate.handleRequest(input, output, context);
    }
}
