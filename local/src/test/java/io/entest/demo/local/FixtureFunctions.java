package io.entest.demo.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds the fixture handlers under {@code src/test/functions} into a module folder laid out as Maven lays out the
 * real functions ({@code target/classes}, {@code target/lib}), so a test template can point a CodeUri at it.
 */
final class FixtureFunctions {

    static final Path SOURCES = Path.of("src", "test", "functions");

    private FixtureFunctions() {
    }

    /**
     * @param module the folder to build into
     * @return the folder
     */
    static Path build(Path module) throws IOException {
        Path classes = Files.createDirectories(module.resolve("target/classes"));
        Path lib = Files.createDirectories(module.resolve("target/lib"));
        List<Path> jars = List.of(jarOf(org.crac.Core.class), jarOf(RequestStreamHandler.class));
        for (Path jar : jars) {
            Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "25", "-cp",
                String.join(java.io.File.pathSeparator, jars.stream().map(Path::toString).toList())));
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("the fixture functions did not compile (javac exit " + status + ")");
        }
        return module;
    }

    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
