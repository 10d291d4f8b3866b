package io.entest.demo.local.bus;

/**
 * What became of one PutEvents entry: an event id, or an error code and message, as EventBridge answers.
 *
 * @param eventId      the event id, when accepted
 * @param errorCode    the error code, when refused
 * @param errorMessage the error message, when refused
 */
public record EntryResult(String eventId, String errorCode, String errorMessage) {

    static EntryResult accepted(String eventId) {
        return new EntryResult(eventId, null, null);
    }

    static EntryResult failed(String errorCode, String errorMessage) {
        return new EntryResult(null, errorCode, errorMessage);
    }

    public boolean ok() {
        return eventId != null;
    }
}
