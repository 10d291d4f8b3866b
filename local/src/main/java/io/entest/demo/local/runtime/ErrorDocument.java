package io.entest.demo.local.runtime;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;

/** Lambda's error document, {@code {"errorMessage": ..., "errorType": ...}}, escaped whatever the message holds. */
final class ErrorDocument {

    private ErrorDocument() {
    }

    /**
     * @param message the error message
     * @param type    the error type
     * @return the document as UTF-8 JSON
     */
    static byte[] of(String message, String type) {
        JsonObject error = new JsonObject();
        error.addProperty("errorMessage", message);
        error.addProperty("errorType", type);
        return error.toString().getBytes(StandardCharsets.UTF_8);
    }
}
