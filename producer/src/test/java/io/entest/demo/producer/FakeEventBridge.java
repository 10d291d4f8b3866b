package io.entest.demo.producer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * An EventBridge client that records every PutEvents request and answers from a script: by default every entry
 * succeeds with id {@code id-<n>}, counting entries across calls.
 */
final class FakeEventBridge implements EventBridgeClient {

    final List<PutEventsRequest> requests = new ArrayList<>();
    private final Deque<Function<PutEventsRequest, PutEventsResponse>> script = new ArrayDeque<>();
    private int nextId;

    /** Answers the next call with {@code answer}; later calls fall back to success. */
    FakeEventBridge then(Function<PutEventsRequest, PutEventsResponse> answer) {
        script.add(answer);
        return this;
    }

    @Override
    public PutEventsResponse putEvents(PutEventsRequest request) {
        requests.add(request);
        Function<PutEventsRequest, PutEventsResponse> answer = script.poll();
        return answer == null ? succeedAll(request) : answer.apply(request);
    }

    PutEventsResponse succeedAll(PutEventsRequest request) {
        return PutEventsResponse.builder().failedEntryCount(0)
                .entries(request.entries().stream().map(e -> success()).toList()).build();
    }

    PutEventsResultEntry success() {
        return PutEventsResultEntry.builder().eventId("id-" + nextId++).build();
    }

    static PutEventsResultEntry failure(String code) {
        return PutEventsResultEntry.builder().errorCode(code).errorMessage(code + " from the fake").build();
    }

    int entriesSent() {
        return requests.stream().mapToInt(r -> r.entries().size()).sum();
    }

    @Override
    public String serviceName() {
        return "events";
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
