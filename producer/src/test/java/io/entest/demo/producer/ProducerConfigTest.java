package io.entest.demo.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerConfigTest {

    @Test
    void fromEnv_whenNothingSet_usesTheDesignDefaults() {
        ProducerConfig config = ProducerConfig.fromEnv(name -> null);

        assertEquals("default", config.eventBusName());
        assertEquals("io.entest.demo", config.source());
        assertEquals("service_status", config.detailType());
    }

    @Test
    void fromEnv_whenSet_usesTheEnvironment() {
        Map<String, String> env = Map.of("EVENT_BUS_NAME", "demo-bus", "EVENT_SOURCE", "io.entest.other",
                "DETAIL_TYPE", "deploy_status");

        ProducerConfig config = ProducerConfig.fromEnv(env::get);

        assertEquals("demo-bus", config.eventBusName());
        assertEquals("io.entest.other", config.source());
        assertEquals("deploy_status", config.detailType());
    }

    @Test
    void fromEnv_whenBusIsAnArn_acceptsIt() {
        String arn = "arn:aws:events:eu-west-1:123456789012:event-bus/demo-bus";

        assertEquals(arn, ProducerConfig.fromEnv(Map.of("EVENT_BUS_NAME", arn)::get).eventBusName());
    }

    @Test
    void fromEnv_whenBusNameMalformed_failsNamingTheVariable() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ProducerConfig.fromEnv(Map.of("EVENT_BUS_NAME", "demo bus!")::get));

        assertEquals("environment variable EVENT_BUS_NAME must be a bus name of 1-256 characters from [/.-_A-Za-z0-9], "
                + "or a bus ARN; got \"demo bus!\"", e.getMessage());
    }

    @Test
    void fromEnv_whenSourceTooLong_failsNamingTheVariable() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ProducerConfig.fromEnv(Map.of("EVENT_SOURCE", "s".repeat(257))::get));

        assertEquals(true, e.getMessage().startsWith("environment variable EVENT_SOURCE must be 1-256 characters"));
    }
}
