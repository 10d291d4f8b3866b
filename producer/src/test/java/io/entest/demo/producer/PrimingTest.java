package io.entest.demo.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.entest.demo.producer.ProducerConfig.RetrySettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class PrimingTest {

    @Test
    void beforeCheckpoint_whenRun_exercisesTheRequestPathWithoutTouchingTheClientOrTheNetwork() throws Exception {
        FakeEventBridge eventBridge = new FakeEventBridge();
        ProducerHandler handler = new ProducerHandler(eventBridge,
                new ProducerConfig("demo-bus", "io.entest.demo", "service_status", RetrySettings.DEFAULT));
        try (ServerSocket endpoint = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String previous = System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + endpoint.getLocalPort());
            try {
                handler.beforeCheckpoint(null);
                handler.afterRestore(null);
            } finally {
                restore("aws.endpointUrl", previous);
            }
            endpoint.setSoTimeout(200);
            assertFalse(accepted(endpoint), "priming opened a connection to the configured endpoint");
        }
        assertEquals(0, eventBridge.requests.size(), "priming must not call the handler's own client");
    }

    private static boolean accepted(ServerSocket socket) throws Exception {
        try (var ignored = socket.accept()) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, previous);
        }
    }
}
