package dev.doppel.cli.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    @Test
    void joinsMultiLineDataSkipsCommentsAndEndsAtDone() throws IOException {
        List<SseEvent> events = read("""
                : keep-alive comment
                data: {"a":
                data:  1}

                :another comment

                event: progress
                id: ev-7
                data:second

                data: [DONE]

                """);

        assertEquals(3, events.size());
        assertEquals("{\"a\":\n 1}", events.get(0).data(), "one space after the colon goes, the rest is data");
        assertNull(events.get(0).event());
        assertEquals(new SseEvent("progress", "second", "ev-7"), events.get(1));
        assertTrue(events.get(2).isDone());
        assertFalse(events.get(1).isDone());
    }

    @Test
    void readsCrlfAndBareCrLineEnds() throws IOException {
        List<SseEvent> events = read("data: one\r\n\r\ndata: two\r\rdata: three\n\n");
        assertEquals(List.of("one", "two", "three"), events.stream().map(SseEvent::data).toList());
    }

    @Test
    void anEventWithoutDataIsNotDispatchedAndItsFieldsDoNotLeakIntoTheNext() throws IOException {
        List<SseEvent> events = read("event: ping\n\ndata: x\n\n");
        assertEquals(List.of(new SseEvent(null, "x", null)), events);
    }

    @Test
    void keepsAnEventTheServerClosedWithoutTheBlankLine() throws IOException {
        List<SseEvent> events = read("data: {\"n\": 1}\n\ndata: [DONE]");
        assertEquals(2, events.size());
        assertTrue(events.getLast().isDone());
    }

    @Test
    void anEmptyDataLineIsAnEmptyLineOfData() throws IOException {
        assertEquals("a\n\nb", read("data: a\ndata:\ndata: b\n\n").getFirst().data());
    }

    private static List<SseEvent> read(String stream) throws IOException {
        var events = new ArrayList<SseEvent>();
        try (var reader = new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)))) {
            SseEvent event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
        }
        return events;
    }
}
