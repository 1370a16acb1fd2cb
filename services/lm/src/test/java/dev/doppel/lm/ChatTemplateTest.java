package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChatTemplateTest {

    private final ByteTokenizer tokenizer = new ByteTokenizer();
    private final ChatTemplate template = new ChatTemplate(tokenizer);

    @Test
    void masksExactlyTheCompletionAndEnd() {
        ChatTemplate.Encoded encoded = template.encode(new Example("hi", "yo!"));
        assertArrayEquals(new int[] {ByteTokenizer.USER, 'h', 'i', ByteTokenizer.ASSISTANT, 'y', 'o', '!', ByteTokenizer.END},
                encoded.tokens());
        assertArrayEquals(new boolean[] {false, false, false, false, true, true, true, true}, encoded.lossMask());
    }

    @Test
    void emptyCompletionStillTrainsTheEndToken() {
        ChatTemplate.Encoded encoded = template.encode(new Example("", ""));
        assertArrayEquals(new int[] {ByteTokenizer.USER, ByteTokenizer.ASSISTANT, ByteTokenizer.END}, encoded.tokens());
        assertArrayEquals(new boolean[] {false, false, true}, encoded.lossMask());
    }

    @Test
    void truncatesThePromptFromTheLeftAndKeepsTheCompletion() {
        ChatTemplate.Encoded encoded = template.encode(new Example("abcdefgh", "xy"), 8);
        // <user> fgh <assistant> x y <end>
        assertArrayEquals(new int[] {ByteTokenizer.USER, 'f', 'g', 'h', ByteTokenizer.ASSISTANT, 'x', 'y', ByteTokenizer.END},
                encoded.tokens());
        assertEquals(3, countTrue(encoded.lossMask()));
    }

    @Test
    void cutsTheEndOfAnOverlongCompletionButNeverItsStart() {
        ChatTemplate.Encoded encoded = template.encode(new Example("prompt", "abcdefghij"), 6);
        assertArrayEquals(new int[] {ByteTokenizer.USER, ByteTokenizer.ASSISTANT, 'a', 'b', 'c', 'd'}, encoded.tokens());
        assertFalse(encoded.lossMask()[1]);
        assertTrue(encoded.lossMask()[2]);
    }

    @Test
    void promptEndsWithTheAssistantMarker() {
        assertArrayEquals(new int[] {ByteTokenizer.USER, 'h', 'i', ByteTokenizer.ASSISTANT}, template.prompt("hi"));
    }

    private static int countTrue(boolean[] values) {
        int count = 0;
        for (boolean value : values) {
            count += value ? 1 : 0;
        }
        return count;
    }
}
