package io.entest.demo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What each function ships, as `sam build` lays it out: the SDK with its URL-connection client only, nothing of the local cloud. */
class FunctionLayoutTest {

    @ParameterizedTest
    @ValueSource(strings = {"producer", "consumer"})
    void lib_holdsNoNettyApacheOrLocalCloudJar_andTheUrlConnectionClient(String module) throws IOException {
        List<String> jars;
        try (Stream<Path> files = Files.list(Path.of("..", module, "target", "lib"))) {
            jars = files.map(p -> p.getFileName().toString()).sorted().toList();
        }

        List<String> forbidden = jars.stream().filter(jar -> jar.matches("(?i).*(netty|apache|httpclient|httpcore|event-ruler|jackson-databind"
                + "|snakeyaml|aws-lambda-java-runtime-interface-client|junit).*")).toList();
        assertEquals(List.of(), forbidden, module + " ships jars it must not");
        assertTrue(jars.stream().anyMatch(jar -> jar.startsWith("url-connection-client-")), jars.toString());
        assertTrue(jars.stream().anyMatch(jar -> jar.startsWith("gson-")), jars.toString());
        assertTrue(jars.stream().anyMatch(jar -> jar.startsWith("crac-")), jars.toString());
    }
}
