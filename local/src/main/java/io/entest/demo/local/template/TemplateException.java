package io.entest.demo.local.template;

/** A template the local cloud cannot run, with the place in the template that says why. */
public final class TemplateException extends RuntimeException {

    private TemplateException(String message) {
        super(message);
    }

    /**
     * @param where   the path in the template, such as {@code Resources.ConsumerFunction.Properties.Environment}
     * @param problem what is wrong there
     * @return the error
     */
    static TemplateException at(String where, String problem) {
        return new TemplateException("template: " + where + ": " + problem);
    }

    /**
     * @param problem what is wrong with the template as a whole
     * @return the error
     */
    static TemplateException of(String problem) {
        return new TemplateException("template: " + problem);
    }
}
