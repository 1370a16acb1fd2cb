package dev.doppel.cli.api;

import java.io.IOException;
import java.net.URI;

/** Nothing answers at the gateway's address: most often the stack is not running. */
public final class GatewayUnreachableException extends IOException {
    public GatewayUnreachableException(URI uri, Throwable cause) {
        super("cannot reach " + uri.getScheme() + "://" + uri.getAuthority() + " (" + cause.getClass().getSimpleName()
                + "); is the stack running? start it with bin/doppel up, or point --base-url / DOPPEL_BASE_URL at"
                + " the gateway", cause);
    }
}
