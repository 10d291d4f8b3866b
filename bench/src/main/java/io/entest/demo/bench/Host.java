package io.entest.demo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on. */
final class Host {

    private Host() {
    }

    /** @return CPU model and count, memory, OS and JDK, in one line */
    static String describe() {
        String cpu = "unknown CPU";
        String memory = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB").findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            // Not Linux: the rest still says enough.
        }
        return Runtime.getRuntime().availableProcessors() + " × " + cpu + (memory.isEmpty() ? "" : ", " + memory) + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", JDK " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vendor") + ")";
    }
}
