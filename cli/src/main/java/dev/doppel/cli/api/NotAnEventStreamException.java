package dev.doppel.cli.api;

import java.io.IOException;

/**
 * A 2xx answer that is not {@code text/event-stream}: a gateway that does not stream this resource yet and ignored
 * the request for it.
 */
public final class NotAnEventStreamException extends IOException {
    public NotAnEventStreamException(String call, String contentType) {
        super(call + " answered " + contentType + " instead of text/event-stream");
    }
}
