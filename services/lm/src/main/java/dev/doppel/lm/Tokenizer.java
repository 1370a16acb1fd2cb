package dev.doppel.lm;

/** Text to token ids and back, with the special tokens of the chat template. */
public interface Tokenizer {

    /** Encodes plain text; never produces a special token. */
    int[] encode(String text);

    /** Decodes ids back to text; must tolerate sequences cut in the middle of a character. */
    String decode(int[] tokens);

    int vocabSize();

    /** Starts the other person's turn. */
    int userToken();

    /** Starts the owner's reply. */
    int assistantToken();

    /** Ends the owner's reply; generation stops here. */
    int endToken();

    /** Fills batches to equal length; never a training target. */
    int padToken();

    /** Short name stored in checkpoints so that {@link LanguageModel#load} can rebuild the tokenizer. */
    String kind();

    default boolean isSpecial(int token) {
        return token == userToken() || token == assistantToken() || token == endToken() || token == padToken();
    }
}
