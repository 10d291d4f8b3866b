package io.entest.demo.local.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks the Runtime Interface Client's JNI library once. Left to itself, every client JVM copies it over the same
 * {@code /tmp/.libaws-lambda-jni.so} while others load it, which breaks JVMs that start together.
 */
public final class NativeLibrary {

    private NativeLibrary() {
    }

    /**
     * @param ricDir   the folder holding the client's jar
     * @param stateDir where to unpack
     * @return the unpacked library, or {@code null} when the jar has none for this machine (each JVM then unpacks its own)
     */
    public static Path unpack(Path ricDir, Path stateDir) {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String name = "jni/libaws-lambda-jni.linux-" + (arch.equals("aarch64") || arch.equals("arm64") ? "aarch_64" : "x86_64") + ".so";
        try (var jars = Files.newDirectoryStream(ricDir, "aws-lambda-java-runtime-interface-client-*.jar")) {
            for (Path jar : jars) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    ZipEntry entry = zip.getEntry(name);
                    if (entry == null) {
                        return null;
                    }
                    Path target = stateDir.resolve("lib").resolve(Path.of(name).getFileName());
                    Files.createDirectories(target.getParent());
                    Path partial = Files.createTempFile(target.getParent(), "jni", ".partial");
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return target;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the Runtime Interface Client's native library: " + e.getMessage(), e);
        }
        return null;
    }
}
