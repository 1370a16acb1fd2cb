package dev.doppel.lm;

import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The text of one reply as tokens arrive: cuts it at the first stop sequence and hands the stream only what can
 * no longer change, holding back a tail that could still become a stop sequence or is half a character.
 */
final class ReplyText {

    private static final char REPLACEMENT = '\uFFFD';

    private final Tokenizer tokenizer;
    private final List<String> stops;
    private final int holdBack;
    private final TextStream stream;
    private final int choice;
    private int emitted;
    private String text = "";
    private boolean stopped;

    ReplyText(Tokenizer tokenizer, List<String> stops, TextStream stream, int choice) {
        this.tokenizer = tokenizer;
        this.stops = stops;
        this.holdBack = stops.stream().mapToInt(String::length).max().orElse(1) - 1;
        this.stream = stream;
        this.choice = choice;
    }

    /** Re-reads the reply's tokens, all of them; true when a stop sequence appeared (the text is then cut before it). */
    boolean update(int[] reply) {
        String decoded = tokenizer.decode(reply);
        int cut = firstStop(decoded);
        if (cut >= 0) {
            text = decoded.substring(0, cut);
            stopped = true;
            flush();
            return true;
        }
        text = decoded;
        int stable = decoded.length();
        while (stable > 0 && decoded.charAt(stable - 1) == REPLACEMENT) {
            stable--; // maybe the first bytes of a character the next token completes
        }
        emitUpTo(Math.max(emitted, Math.min(stable, decoded.length() - holdBack)));
        return false;
    }

    /** Throws when the stream's reader asked to stop. */
    void checkCancelled() {
        if (stream.cancelled()) {
            throw new CancellationException("generation cancelled by its stream");
        }
    }

    /** Sends everything not yet sent: the reply is over. */
    void flush() {
        emitUpTo(text.length());
    }

    String text() {
        return text;
    }

    boolean stopped() {
        return stopped;
    }

    /** Index of the earliest stop sequence in {@code decoded}, or -1. */
    int firstStop(String decoded) {
        int first = -1;
        for (String stop : stops) {
            int at = decoded.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    private void emitUpTo(int end) {
        if (end > emitted) {
            stream.onText(choice, text.substring(emitted, end));
            emitted = end;
        }
    }
}
