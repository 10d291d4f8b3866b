package io.entest.demo.consumer;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A Lambda context with a fixed remaining time and a logger that keeps what it is given. */
final class FakeContext implements Context {

    final List<String> logLines = new ArrayList<>();
    private final int remainingMillis;

    FakeContext(int remainingMillis) {
        this.remainingMillis = remainingMillis;
    }

    FakeContext() {
        this(30_000);
    }

    @Override
    public String getAwsRequestId() {
        return "8f5a9b2c-0d1e-4f3a-9b8c-7d6e5f4a3b2c";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/ConsumerFunction";
    }

    @Override
    public String getLogStreamName() {
        return "2026/12/04/[$LATEST]0123456789abcdef";
    }

    @Override
    public String getFunctionName() {
        return "ConsumerFunction";
    }

    @Override
    public String getFunctionVersion() {
        return "1";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:eu-west-1:123456789012:function:ConsumerFunction:live";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                logLines.add(message);
            }

            @Override
            public void log(byte[] message) {
                logLines.add(new String(message, StandardCharsets.UTF_8));
            }

            @Override
            public void log(String message, LogLevel level) {
                logLines.add(level + " " + message);
            }
        };
    }
}
