package io.entest.demo.consumer;

/**
 * The one seam through which the consumer reads its environment, so that tests can replace it.
 */
@FunctionalInterface
interface EnvReader {

    /**
     * Reads one environment variable.
     *
     * @param name the variable's name
     * @return its value, or {@code null} when it is not set
     */
    String getEnv(String name);

    /**
     * Reads one environment variable, falling back when it is unset or blank.
     *
     * @param name     the variable's name
     * @param fallback the value to use when the variable is unset or blank
     * @return the variable's value, or {@code fallback}
     */
    default String getEnvOrDefault(String name, String fallback) {
        String value = getEnv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * @return a reader of this process's environment
     */
    static EnvReader system() {
        return System::getenv;
    }
}
