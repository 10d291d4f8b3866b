package io.entest.demo.local.delivery;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Dead-letter places: one JSON-lines file per queue under {@code <state>/dead-letters/}, each line a record with
 * the event, the error and the attempt count. What is here was not delivered, and is kept.
 *
 * <p>Thread-safe.
 */
public final class DeadLetters {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private final Path dir;

    /** @param dir the folder the files are written in */
    public DeadLetters(Path dir) {
        this.dir = dir;
    }

    /**
     * Appends one record.
     *
     * @param queueArn the queue the template names, or {@code null} when it names none
     * @param record   the record
     * @return the file written
     */
    public synchronized Path write(String queueArn, JsonObject record) {
        String name = queueArn == null ? "no-destination" : queueArn.substring(queueArn.lastIndexOf(':') + 1);
        Path file = dir.resolve(name + ".jsonl");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, GSON.toJson(record) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write dead letter to " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** @return the folder */
    public Path dir() {
        return dir;
    }
}
