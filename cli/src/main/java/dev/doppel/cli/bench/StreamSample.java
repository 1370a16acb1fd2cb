package dev.doppel.cli.bench;

/**
 * One streamed chat as the client saw it, in {@link System#nanoTime()} units.
 *
 * @param firstTokenNanos when the first chunk with content arrived; -1 if none did
 * @param error           why the request failed, or null
 */
record StreamSample(long sentNanos, long firstTokenNanos, long endNanos, int tokens, String error) {

    static StreamSample failed(long sentNanos, long endNanos, String error) {
        return new StreamSample(sentNanos, -1, endNanos, 0, error);
    }

    boolean ok() {
        return error == null;
    }

    /** From sending the request to the first content delta. */
    double ttftMillis() {
        return firstTokenNanos < 0 ? Double.NaN : (firstTokenNanos - sentNanos) / 1e6;
    }

    /** Streaming time after the first token, over which the other tokens arrived; 0 when there was one token or none. */
    long decodeNanos() {
        return firstTokenNanos < 0 || tokens < 2 ? 0 : endNanos - firstTokenNanos;
    }

    /** Tokens over the whole request, send to end of stream: what one user waits through. */
    double tokensPerSecond() {
        return endNanos > sentNanos ? tokens / ((endNanos - sentNanos) / 1e9) : Double.NaN;
    }
}
