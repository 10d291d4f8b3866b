package io.entest.demo.consumer;

import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The consumer's own work per event: parse the EventBridge envelope into its record, write the SNS message. */
@State(Scope.Benchmark)
public class EnvelopeBenchmark {

    private final byte[] event = ("{\"version\":\"0\",\"id\":\"6a7e8feb-b491-4cf7-a9f1-bf3703467718\",\"detail-type\":\"service_status\","
            + "\"source\":\"io.entest.demo\",\"account\":\"123456789012\",\"time\":\"2026-12-04T10:00:00Z\",\"region\":\"eu-west-1\","
            + "\"resources\":[],\"detail\":{\"service\":\"checkout\",\"status\":\"healthy\",\"latencyMs\":42}}")
            .getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public String parseEnvelopeAndWriteMessage() {
        return EventEnvelope.parse(event).toJson();
    }
}
