package io.entest.demo.producer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Splits entries into PutEvents requests that EventBridge accepts: at most 10 entries and 1 MB each,
 * sized by EventBridge's own formula.
 */
final class EventBatcher {

    /** PutEvents takes at most this many entries per request. */
    static final int MAX_ENTRIES = 10;
    /** PutEvents takes at most this many bytes per request, counted with {@link #entrySize}. */
    static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private static final int TIME_BYTES = 14;

    private EventBatcher() {
    }

    /**
     * One entry to send, with its position in the request body.
     *
     * @param index its index in the producer's request body
     * @param entry the PutEvents entry
     * @param size  its size by EventBridge's formula
     */
    record Pending(int index, PutEventsRequestEntry entry, int size) {

        Pending(int index, PutEventsRequestEntry entry) {
            this(index, entry, entrySize(entry));
        }
    }

    /**
     * The size EventBridge counts for one entry: 14 bytes for Time when set, plus the UTF-8 bytes of
     * Source, DetailType, Detail and each Resource.
     *
     * @param entry the entry
     * @return its size in bytes
     */
    static int entrySize(PutEventsRequestEntry entry) {
        int size = entry.time() == null ? 0 : TIME_BYTES;
        size += utf8Length(entry.source());
        size += utf8Length(entry.detailType());
        size += utf8Length(entry.detail());
        for (String resource : entry.resources()) {
            size += utf8Length(resource);
        }
        return size;
    }

    /**
     * Packs entries, in order, into as few requests as the limits allow.
     *
     * @param entries entries each of at most {@link #MAX_REQUEST_BYTES}
     * @return the requests' entries, in order
     * @throws IllegalArgumentException when one entry alone is over the request limit
     */
    static List<List<Pending>> batches(List<Pending> entries) {
        return batches(entries, MAX_ENTRIES);
    }

    /**
     * @param entries    entries each of at most {@link #MAX_REQUEST_BYTES}
     * @param maxEntries the most entries per request, at most {@link #MAX_ENTRIES}
     * @return the requests' entries, in order
     */
    static List<List<Pending>> batches(List<Pending> entries, int maxEntries) {
        List<List<Pending>> batches = new ArrayList<>();
        List<Pending> current = new ArrayList<>();
        int currentBytes = 0;
        for (Pending pending : entries) {
            if (pending.size() > MAX_REQUEST_BYTES) {
                throw new IllegalArgumentException("entry " + pending.index() + " is " + pending.size()
                        + " bytes; one PutEvents request takes at most " + MAX_REQUEST_BYTES);
            }
            if (current.size() == maxEntries || currentBytes + pending.size() > MAX_REQUEST_BYTES) {
                batches.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(pending);
            currentBytes += pending.size();
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private static int utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
