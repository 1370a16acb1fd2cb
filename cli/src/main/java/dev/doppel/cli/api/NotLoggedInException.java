package dev.doppel.cli.api;

import java.io.IOException;

/** No usable credentials; the message tells the user what to run. */
public final class NotLoggedInException extends IOException {
    public NotLoggedInException(String message) {
        super(message);
    }
}
