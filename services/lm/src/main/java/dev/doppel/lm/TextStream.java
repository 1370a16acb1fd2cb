package dev.doppel.lm;

/**
 * Receives a reply's text as it is generated, in pieces that are final: never a stop sequence or a part of one,
 * never half a UTF-8 character. The pieces of one choice concatenated are exactly its final text. Called on the
 * generating thread; keep it quick.
 */
@FunctionalInterface
public interface TextStream {

    TextStream NONE = (choice, delta) -> { };

    /** A new piece of choice {@code choice}'s text (0-based, as OpenAI's {@code choices[].index}). */
    void onText(int choice, String delta);

    /**
     * Asked before every token: true stops the generation with a {@link java.util.concurrent.CancellationException},
     * so a server whose client went away stops spending CPU on it. Tokens that produce no text yet (half a
     * character, a possible stop sequence) are checked too, which {@link #onText} alone could not do.
     */
    default boolean cancelled() {
        return false;
    }
}
