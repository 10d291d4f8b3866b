package io.entest.demo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** A `make run` beside a running `make local`: two local clouds on one state folder leave each other's code alone. */
class SharedStateTest {

    @Test
    void secondLocalCloud_onTheSameStateFolder_doesNotReplaceTheFirstOnesCode(@TempDir Path state) throws Exception {
        try (CloudHarness first = new CloudHarness(state)) {
            assertNull(invokeConsumer(first).functionError());
            try (CloudHarness second = new CloudHarness(state)) {
                assertNull(invokeConsumer(second).functionError());
                assertEquals(2, taskFolders(state).size());
            }
            assertNull(invokeConsumer(first).functionError(), "the first local cloud's function must still run");
            assertEquals(1, taskFolders(state).size());
        }
        assertEquals(List.of(), taskFolders(state), "each local cloud removes its laid-out code when it stops");
    }

    private static InvokeResponse invokeConsumer(CloudHarness harness) {
        return harness.lambda.invoke(r -> r.functionName("ConsumerFunction").payload(SdkBytes.fromByteArray(CloudHarness.fixture("consume.json"))));
    }

    private static List<Path> taskFolders(Path state) throws Exception {
        try (Stream<Path> dirs = Files.list(state.resolve("task"))) {
            return dirs.toList();
        }
    }
}
