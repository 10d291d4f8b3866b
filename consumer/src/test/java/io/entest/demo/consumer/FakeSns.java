package io.entest.demo.consumer;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.SnsException;

/** An SNS client that records every Publish and either answers {@code message-<n>} or fails as told. */
final class FakeSns implements SnsClient {

    final List<PublishRequest> requests = new ArrayList<>();
    private int failuresLeft;

    FakeSns failing(int times) {
        failuresLeft = times;
        return this;
    }

    @Override
    public PublishResponse publish(PublishRequest request) {
        requests.add(request);
        if (failuresLeft > 0) {
            failuresLeft--;
            throw SnsException.builder().statusCode(500).message("Internal error from the fake")
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalError").errorMessage("Internal error from the fake").build())
                    .build();
        }
        return PublishResponse.builder().messageId("message-" + requests.size()).build();
    }

    @Override
    public String serviceName() {
        return "sns";
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
