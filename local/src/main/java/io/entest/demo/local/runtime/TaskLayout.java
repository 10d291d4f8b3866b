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

    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();

    private TaskLayout() {
    }

    /**
     * The folder this process lays functions out in. Each local cloud process has its own, so that a second one
     * (a `make run` beside a `make local`) never replaces code under JVMs that are still loading classes from it.
     * Folders of processes that are gone are removed.
     *
     * @param stateDir the local state folder
     * @return {@code <stateDir>/task/<pid>-<n>}, new for each local cloud this process starts
     */
    public static Path processRoot(Path stateDir) {
        Path tasks = stateDir.resolve("task");
        try {
            if (Files.isDirectory(tasks)) {
                try (Stream<Path> dirs = Files.list(tasks)) {
                    for (Path dir : dirs.toList()) {
                        String name = dir.getFileName().toString();
                        boolean gone = !name.matches("\\d+-\\d+")
                                || ProcessHandle.of(Long.parseLong(name.substring(0, name.indexOf('-')))).map(p -> !p.isAlive()).orElse(true);
                        if (gone) {
                            deleteTree(dir);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy " + tasks + ": " + e.getMessage(), e);
        }
        return tasks.resolve(ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
    }

    /**
     * @param function the function
     * @param root     the folder to lay functions out in, from {@link #processRoot}
     * @return the laid-out folder, {@code <root>/<logical id>}
     * @throws IllegalStateException naming what to run, when the module is not built
     */
    public static Path layOut(LocalTemplate.Function function, Path root) {
        Path classes = function.codeUri().resolve("target/classes");
        Path lib = function.codeUri().resolve("target/lib");
        if (!Files.isDirectory(classes) || !Files.isDirectory(lib)) {
            throw new IllegalStateException(function.logicalId() + " is not built: " + classes + " and " + lib
                    + " must exist; run `make build` (or mvn package in " + function.codeUri() + ")");
        }
        Path task = root.resolve(function.logicalId());
        try {
            deleteTree(task);
            copyTree(classes, task);
            copyTree(lib, task.resolve("lib"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out " + function.logicalId() + " in " + task + ": " + e.getMessage(), e);
        }
        return task;
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

    /**
     * Deletes a folder and everything in it; nothing when it does not exist.
     *
     * @param root the folder
     */
    public static void deleteTree(Path root) throws IOException {
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
