package io.entest.demo.local.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entest.demo.local.template.LocalTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionInstanceCommandTest {

    private static final Path RIC = Path.of(System.getProperty("local.ric.dir", "target/ric"));

    private static LocalTemplate.Function function(int memoryMb) {
        return new LocalTemplate.Function("Fn", Path.of("fn"), "a.B::handleRequest", "java25", memoryMb, 3, Map.of(), true,
                new LocalTemplate.AsyncConfig(2, 21600, null), "arn:aws:lambda:us-east-1:000000000000:function:Fn", "JSON", null, -1, false);
    }

    @Test
    void command_whenSnapStart_addsTheCracCompatPropertyTheHeapAndTheUnpackedNativeLibrary() {
        Path jni = Path.of("/state/lib/libaws-lambda-jni.linux-x86_64.so");
        List<String> command = FunctionInstance.command(new FunctionInstance.Spec(function(512), Path.of("task"), RIC, Map.of(), true,
                jni, line -> { }));

        assertTrue(command.contains("-XX:MaxHeapSize=435m"), command.toString());
        assertTrue(command.contains("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac"), command.toString());
        assertTrue(command.contains("-D" + FunctionInstance.JNI_PROPERTY + "=" + jni), command.toString());
        assertEquals(List.of(FunctionInstance.RIC_MAIN, "a.B::handleRequest"), command.subList(command.size() - 2, command.size()));
    }

    @Test
    void command_whenOnDemand_leavesCracOut() {
        List<String> command = FunctionInstance.command(new FunctionInstance.Spec(function(256), Path.of("task"), RIC, Map.of(), false,
                null, line -> { }));

        assertFalse(command.stream().anyMatch(arg -> arg.startsWith("-Dorg.crac")), command.toString());
        assertFalse(command.stream().anyMatch(arg -> arg.contains(FunctionInstance.JNI_PROPERTY)), command.toString());
        assertTrue(command.contains("-XX:MaxHeapSize=217m"), command.toString());
    }

    @Test
    void errorDocument_whenMessageHoldsQuotesAndNewlines_isValidJsonWithTheMessageIntact() {
        String message = "last output: {\"a\":1} | line \"two\"\nthree\\";

        var document = com.google.gson.JsonParser.parseString(new String(ErrorDocument.of(message, "Runtime.ExitError"),
                java.nio.charset.StandardCharsets.UTF_8)).getAsJsonObject();

        assertEquals(message, document.get("errorMessage").getAsString());
        assertEquals("Runtime.ExitError", document.get("errorType").getAsString());
    }

    @Test
    void unpack_whenCalled_writesTheJarsLibraryForThisMachineOnce(@TempDir Path state) throws Exception {
        Path lib = NativeLibrary.unpack(RIC, state);

        assertEquals(state.resolve("lib"), lib.getParent());
        try (var jars = Files.newDirectoryStream(RIC, "aws-lambda-java-runtime-interface-client-*.jar");
             ZipFile zip = new ZipFile(jars.iterator().next().toFile())) {
            byte[] expected = zip.getInputStream(zip.getEntry("jni/" + lib.getFileName())).readAllBytes();
            assertArrayEquals(expected, Files.readAllBytes(lib));
        }
    }
}
