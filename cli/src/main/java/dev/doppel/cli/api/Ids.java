package dev.doppel.cli.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Ids travel in URL paths; model names hold colons, and a typed id may hold anything. */
final class Ids {
    static String path(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Ids() {
    }
}
