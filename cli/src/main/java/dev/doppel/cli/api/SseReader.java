package dev.doppel.cli.api;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} as the HTML specification defines it: lines ending in LF, CR or CRLF, one
 * optional space after the colon, {@code data} lines joined with LF, comment lines (a leading colon, the servers'
 * keep-alives) ignored, and an event dispatched at the blank line that ends it.
 */
public final class SseReader implements Closeable {
    private final BufferedReader lines;

    public SseReader(InputStream in) {
        this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next event, or null at the end of the stream. */
    public SseEvent next() throws IOException {
        StringBuilder data = null;
        String event = null;
        String id = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new SseEvent(event, data.toString(), id);
                }
                event = null; // an event without data is not dispatched, as in browsers
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "event" -> event = value;
                case "id" -> id = value;
                default -> { } // retry and unknown fields mean nothing to a client that does not reconnect
            }
        }
        // The specification drops an event the stream ends inside; a server that closes right after "data: [DONE]"
        // without the blank line still meant it, so it is kept.
        return data == null ? null : new SseEvent(event, data.toString(), id);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
