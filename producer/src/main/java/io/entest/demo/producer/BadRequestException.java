package io.entest.demo.producer;

/**
 * A request the producer refuses before sending anything, with the HTTP status it answers.
 */
final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;

    private BadRequestException(int statusCode, String message) {
        super(message);
        this.statusCode = statusCode;
    }

    /**
     * @param message what was wrong with the request
     * @return a 400 error
     */
    static BadRequestException invalid(String message) {
        return new BadRequestException(400, message);
    }

    /**
     * @param message which entry was too large, and the limit
     * @return a 413 error
     */
    static BadRequestException tooLarge(String message) {
        return new BadRequestException(413, message);
    }

    /**
     * @return the HTTP status this error is answered with
     */
    int statusCode() {
        return statusCode;
    }
}
