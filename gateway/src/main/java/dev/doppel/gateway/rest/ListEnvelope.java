package dev.doppel.gateway.rest;

import java.util.List;
import java.util.function.Function;

/** OpenAI's list envelope, paged with {@code after} (the last id seen) and {@code limit}. */
public record ListEnvelope<T>(String object, List<T> data, boolean has_more) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /**
     * Pages an already ordered list. An unknown {@code after} id is a 400, not an empty page, so a
     * client that mistypes it hears about it.
     */
    public static <T> ListEnvelope<T> page(List<T> ordered, Function<T, String> id, String after, Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + size);
        }
        int start = 0;
        if (after != null && !after.isBlank()) {
            int index = -1;
            for (int i = 0; i < ordered.size(); i++) {
                if (id.apply(ordered.get(i)).equals(after)) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                throw ApiException.invalid("after", "No such id to page after: '" + after + "'");
            }
            start = index + 1;
        }
        int end = Math.min(ordered.size(), start + size);
        return new ListEnvelope<>("list", List.copyOf(ordered.subList(start, end)), end < ordered.size());
    }
}
