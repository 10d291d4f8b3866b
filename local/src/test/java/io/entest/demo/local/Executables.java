package io.entest.demo.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the optional tools some tests drive (cfn-lint, the aws CLI); such tests skip, saying why, where one is absent. */
public final class Executables {

    private Executables() {
    }

    /**
     * @param command a command name
     * @return its path on PATH, or {@code null}
     */
    public static Path onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
