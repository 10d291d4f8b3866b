package io.entest.demo.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The JSON files under events/ that `sam local invoke -e` uses. */
final class Fixtures {

    static final Path EVENTS = Path.of("..", "events");

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(EVENTS.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
