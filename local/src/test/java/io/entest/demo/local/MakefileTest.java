package io.entest.demo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Makefile's promises: `make` alone lists every target, and a JDK 25 is found or named. */
class MakefileTest {

    private static final Path ROOT = Path.of("..");

    private record Run(int exit, String output) {
    }

    private static Run run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }

    @Test
    void make_withNoTarget_printsHelpListingEveryTarget() throws Exception {
        Path make = Executables.onPath("make");
        if (make == null) {
            System.out.println("SKIPPED make_withNoTarget_printsHelpListingEveryTarget: make is not on PATH");
        }
        Assumptions.assumeTrue(make != null, "make is not on PATH");
        Matcher phony = Pattern.compile("(?m)^\\.PHONY: (.*)$").matcher(Files.readString(ROOT.resolve("Makefile")));
        assertTrue(phony.find());
        List<String> targets = new ArrayList<>(List.of(phony.group(1).trim().split("\\s+")));
        targets.remove("jdk");

        Run help = run(Map.of(), make.toString(), "--no-print-directory");

        assertEquals(0, help.exit(), help.output());
        assertTrue(help.output().startsWith("usage: make <target>"), help.output());
        for (String target : targets) {
            assertTrue(help.output().matches("(?s).*\\n  " + target + " +\\S.*"), "help does not list " + target + ":\n" + help.output());
        }
        assertEquals(List.of("help", "build", "test", "run", "local", "invoke", "bench", "lint", "package", "deploy", "clean"), targets);
    }

    @Test
    void findJdk_whenJavaHomeIsNoJdk_looksFurtherAndFindsOneOfAtLeast25() throws Exception {
        Run found = run(Map.of("JAVA_HOME", "/nonexistent"), "bash", "scripts/find-jdk");

        assertEquals(0, found.exit(), found.output());
        Path home = Path.of(found.output().trim());
        assertTrue(Files.isExecutable(home.resolve("bin/javac")), found.output());
        Run version = run(Map.of(), home.resolve("bin/java").toString(), "-XshowSettings:properties", "-version");
        Matcher spec = Pattern.compile("java\\.specification\\.version = (\\d+)").matcher(version.output());
        assertTrue(spec.find(), version.output());
        assertTrue(Integer.parseInt(spec.group(1)) >= 25, "found " + home + " of Java " + spec.group(1));
    }

    @Test
    void findJdk_whenNoneIsNewEnough_saysWhatToInstall() throws Exception {
        Run missing = run(Map.of(), "bash", "scripts/find-jdk", "99");

        assertEquals(1, missing.exit());
        assertTrue(missing.output().startsWith("error: no JDK 99 or newer found"), missing.output());
        assertTrue(missing.output().contains("apt-get install temurin-99-jdk"), missing.output());
        assertTrue(missing.output().contains("sdk install java 99-tem"), missing.output());
    }
}
