package io.entest.demo.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.entest.demo.producer.EventBatcher.Pending;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

class EventBatcherTest {

    @Test
    void entrySize_whenAllFieldsSet_countsFourteenForTimeAndUtf8BytesOfTheRest() {
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .time(Instant.parse("2026-12-04T10:00:00Z"))
                .source("io.entest.demo")
                .detailType("service_status")
                .detail("{\"city\":\"Zürich\"}")
                .resources("arn:aws:s3:::a", "arn:aws:s3:::bb")
                .eventBusName("a-bus-name-that-does-not-count")
                .build();

        assertEquals(14 + 14 + 14 + 18 + 14 + 15, EventBatcher.entrySize(entry));
    }

    @Test
    void batches_whenEntriesFillExactlyOneMegabyte_keepsThemTogether() {
        int each = EventBatcher.MAX_REQUEST_BYTES / 4;

        List<List<Pending>> batches = EventBatcher.batches(entriesOfSize(4, each));

        assertEquals(List.of(4), batches.stream().map(List::size).toList());
    }

    @Test
    void batches_whenOneByteOverOneMegabyte_startsANewRequest() {
        int each = EventBatcher.MAX_REQUEST_BYTES / 4;
        List<Pending> entries = new java.util.ArrayList<>(entriesOfSize(3, each));
        entries.add(entryOfSize(3, each + 1));

        List<List<Pending>> batches = EventBatcher.batches(entries);

        assertEquals(List.of(3, 1), batches.stream().map(List::size).toList());
        assertEquals(3, batches.get(1).get(0).index());
    }

    @Test
    void batches_when21SmallEntries_makesTenTenOne() {
        assertEquals(List.of(10, 10, 1), EventBatcher.batches(entriesOfSize(21, 100)).stream().map(List::size).toList());
    }

    @Test
    void batches_whenAskedForOnePerRequest_makesOneRequestPerEntry() {
        assertEquals(List.of(1, 1, 1), EventBatcher.batches(entriesOfSize(3, 100), 1).stream().map(List::size).toList());
    }

    @Test
    void batches_whenOneEntryIsOverTheLimit_throwsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventBatcher.batches(List.of(entryOfSize(7, EventBatcher.MAX_REQUEST_BYTES + 1))));

        assertEquals("entry 7 is 1048577 bytes; one PutEvents request takes at most 1048576", e.getMessage());
    }

    private static List<Pending> entriesOfSize(int count, int size) {
        return IntStream.range(0, count).mapToObj(i -> entryOfSize(i, size)).toList();
    }

    /** Source and DetailType take 2 bytes; Detail pads the rest. */
    private static Pending entryOfSize(int index, int size) {
        Pending pending = new Pending(index, PutEventsRequestEntry.builder()
                .source("s").detailType("t").detail("x".repeat(size - 2)).build());
        assertEquals(size, pending.size());
        return pending;
    }
}
