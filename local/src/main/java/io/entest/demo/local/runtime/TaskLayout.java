package io.entest.demo.local.runtime;

import io.entest.demo.local.template.LocalTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * Lays out a function's code as {@code sam build} does: the module's classes at the root, its runtime jars under
 * {@code lib/}. The Runtime Interface Client loads the handler from there, as from {@code /var/task} on Lambda.
 */
public final class TaskLayout {

    private TaskLayout() {
    }

    /**
     * @param function the function
     * @param stateDir the local state folder
     * @return the laid-out folder, {@code <stateDir>/task/<logical id>}
     * @throws IllegalStateException naming what to run, when the module is not built
     */
    public static Path layOut(LocalTemplate.Function function, Path stateDir) {
        Path classes = function.codeUri().resolve("target/classes");
        Path lib = function.codeUri().resolve("target/lib");
        if (!Files.isDirectory(classes) || !Files.isDirectory(lib)) {
            throw new IllegalStateException(function.logicalId() + " is not built: " + classes + " and " + lib
                    + " must exist; run `make build` (or mvn package in " + function.codeUri() + ")");
        }
        Path root = stateDir.resolve("task").resolve(function.logicalId());
        try {
            deleteTree(root);
            copyTree(classes, root);
            copyTree(lib, root.resolve("lib"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out " + function.logicalId() + " in " + root + ": " + e.getMessage(), e);
        }
        return root;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
