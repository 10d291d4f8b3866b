package io.entest.demo.producer;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** The producer's own work for one request of 100 objects: parse, size, batch, answer. PutEvents is answered in memory. */
@State(Scope.Benchmark)
public class ProducerRequestBenchmark {

    private ProducerHandler handler;
    private byte[] request;

    @Setup
    public void setUp() {
        handler = new ProducerHandler(new AcceptingEventBridge(),
                new ProducerConfig("bench-bus", "io.entest.demo", "service_status", ProducerConfig.RetrySettings.DEFAULT));
        StringBuilder body = new StringBuilder("{\"body\":[");
        for (int i = 0; i < 100; i++) {
            body.append(i == 0 ? "" : ",").append("{\"service\":\"checkout\",\"status\":\"healthy\",\"latencyMs\":42,\"n\":")
                    .append(i).append(",\"note\":\"<p>html & quotes</p>\"}");
        }
        request = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public JsonObject handle100Events() {
        return handler.handle(request, () -> 30_000);
    }

    /** Accepts every entry, in memory. */
    static final class AcceptingEventBridge implements EventBridgeClient {
        private static final PutEventsResultEntry OK = PutEventsResultEntry.builder().eventId("bench").build();

        @Override
        public PutEventsResponse putEvents(PutEventsRequest request) {
            return PutEventsResponse.builder().failedEntryCount(0)
                    .entries(request.entries().stream().map(e -> OK).toList()).build();
        }

        @Override
        public String serviceName() {
            return "events";
        }

        @Override
        public void close() {
            // Nothing held.
        }
    }
}
