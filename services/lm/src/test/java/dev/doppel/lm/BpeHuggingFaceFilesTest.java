package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeHuggingFaceFilesTest {

    @TempDir
    Path dir;

    @Test
    void trainedVocabularyRoundTrips() throws IOException {
        BpeTokenizer trained = BpeTestTexts.trained();
        trained.writeHuggingFaceFiles(dir);
        BpeTokenizer back = BpeTokenizer.fromHuggingFaceFiles(dir.resolve("vocab.json"), dir.resolve("merges.txt"));
        assertSameVocabulary(trained, back);
        assertArrayEquals(trained.encode(BpeTestTexts.VARIED), back.encode(BpeTestTexts.VARIED));
    }

    @Test
    void gpt2WritesGpt2sFilesAndReadsThemBack() throws IOException {
        BpeTokenizer gpt2 = BpeTokenizer.gpt2();
        gpt2.writeHuggingFaceFiles(dir);
        List<String> merges = Files.readAllLines(dir.resolve("merges.txt"), StandardCharsets.UTF_8);
        assertEquals(1 + 50_000, merges.size());
        assertEquals(List.of("#version: 0.2", "Ġ t", "Ġ a", "h e", "i n", "r e", "o n", "Ġt he"), merges.subList(0, 8));
        String vocab = Files.readString(dir.resolve("vocab.json"), StandardCharsets.UTF_8);
        assertTrue(vocab.contains("\"Ġthe\":262"), "GPT-2 spells \" the\" as Ġthe, id 262");
        assertTrue(vocab.contains("\"<|endoftext|>\":50256") && vocab.contains("\"<|pad|>\":50260"));

        BpeTokenizer back = BpeTokenizer.fromHuggingFaceFiles(dir.resolve("vocab.json"), dir.resolve("merges.txt"));
        assertSameVocabulary(gpt2, back);
    }

    @Test
    void importsAHandWrittenGpt2StyleTokenizerWithoutOurSpecials() throws IOException {
        StringBuilder vocab = new StringBuilder("{");
        for (int b = 0; b < 256; b++) {
            vocab.append(jsonString(HuggingFaceBpeFiles.spell(new byte[] {(byte) b}, 0, 1))).append(':').append(b).append(',');
        }
        vocab.append("\"Ġt\":256,\"Ġthe\":257,\"he\":258,\"<|endoftext|>\":259}");
        Path vocabJson = write("vocab.json", vocab.toString());
        Path mergesTxt = write("merges.txt", "#version: 0.2\nĠ t\nh e\nĠt he\n");

        IOException outOfOrder = assertThrows(IOException.class, () -> BpeTokenizer.fromHuggingFaceFiles(vocabJson, mergesTxt));
        assertTrue(outOfOrder.getMessage().contains("merges.txt, line 4"), outOfOrder.getMessage());

        write("vocab.json", vocab.toString().replace("\"Ġthe\":257,\"he\":258", "\"he\":257,\"Ġthe\":258"));
        BpeTokenizer imported = BpeTokenizer.fromHuggingFaceFiles(vocabJson, mergesTxt);
        assertEquals(Map.of(259, "<|endoftext|>"), imported.namedTokens());
        assertEquals(264, imported.vocabSize());
        assertArrayEquals(new int[] {258, 258}, imported.encode(" the the"));
    }

    @Test
    void rejectsMergesOfUnknownTokensNamingFileAndLine() throws IOException {
        BpeTestTexts.trained().writeHuggingFaceFiles(dir);
        Path merges = dir.resolve("merges.txt");
        Files.writeString(merges, "#version: 0.2\nĠ t\nq zz\n", StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> BpeTokenizer.fromHuggingFaceFiles(dir.resolve("vocab.json"), merges));
        assertTrue(e.getMessage().contains("merges.txt, line 3") && e.getMessage().contains("zz"), e.getMessage());

        Files.writeString(dir.resolve("vocab.json"), "[1, 2]", StandardCharsets.UTF_8);
        IOException notJson = assertThrows(IOException.class, () -> BpeTokenizer.fromHuggingFaceFiles(dir.resolve("vocab.json"), merges));
        assertTrue(notJson.getMessage().contains("vocab.json"), notJson.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            out.append(c == '"' || c == '\\' ? "\\" + c : String.valueOf(c));
        }
        return out.append('"').toString();
    }

    static void assertSameVocabulary(BpeTokenizer expected, BpeTokenizer actual) {
        assertEquals(expected.vocabSize(), actual.vocabSize());
        assertEquals(expected.namedTokens(), actual.namedTokens());
        for (int id = 0; id < expected.vocabSize(); id++) {
            assertArrayEquals(expected.tokenBytes(id), actual.tokenBytes(id), "token " + id);
        }
    }
}
