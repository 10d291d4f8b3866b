package io.entest.demo.local.runtime;

/** Lambda refused the invoke for want of concurrency, as its {@code TooManyRequestsException} does. */
public final class ThrottledException extends RuntimeException {

    ThrottledException(String message) {
        super(message);
    }
}
