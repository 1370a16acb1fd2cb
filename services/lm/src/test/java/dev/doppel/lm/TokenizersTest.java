package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenizersTest {

    @TempDir
    Path dir;

    @Test
    void byteTokenizerRoundTrips() throws IOException {
        Tokenizers.save(new ByteTokenizer(), dir);
        assertTrue(Files.readString(dir.resolve("tokenizer.json")).contains("\"kind\":\"byte\""));
        assertInstanceOf(ByteTokenizer.class, Tokenizers.load(dir));
    }

    @Test
    void trainedBpeRoundTrips() throws IOException {
        BpeTokenizer trained = BpeTestTexts.trained();
        Tokenizers.save(trained, dir);
        BpeTokenizer back = assertInstanceOf(BpeTokenizer.class, Tokenizers.load(dir));
        BpeHuggingFaceFilesTest.assertSameVocabulary(trained, back);
        assertArrayEquals(trained.encode(BpeTestTexts.VARIED), back.encode(BpeTestTexts.VARIED));
    }

    @Test
    void gpt2RoundTripsWithItsNamedToken() throws IOException {
        BpeTokenizer gpt2 = BpeTokenizer.gpt2();
        Tokenizers.save(gpt2, dir);
        BpeHuggingFaceFilesTest.assertSameVocabulary(gpt2, (BpeTokenizer) Tokenizers.load(dir));
    }

    @Test
    void ofKindRebuildsOnlyTheByteTokenizer() throws IOException {
        assertInstanceOf(ByteTokenizer.class, Tokenizers.ofKind("byte"));
        IOException bpe = assertThrows(IOException.class, () -> Tokenizers.ofKind("bpe"));
        assertTrue(bpe.getMessage().contains("tokenizer.json"), bpe.getMessage());
        assertThrows(IOException.class, () -> Tokenizers.ofKind("wordpiece"));
    }

    @Test
    void missingFileIsNamed() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Tokenizers.load(dir));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"kind\":\"byte\"}                                 | \"format\" is missing",
        "{\"format\":\"doppel-tokenizer/9\",\"kind\":\"byte\"}   | \"format\" is \"doppel-tokenizer/9\"",
        "{\"format\":\"doppel-tokenizer/1\",\"kind\":\"bytes\"}  | \"kind\" is \"bytes\"",
        "{\"format\":\"doppel-tokenizer/1\",\"kind\":7}        | \"kind\" must be a string",
        "{\"format\":\"doppel-tokenizer/1\",\"kind\":\"bpe\"}    | \"pretokenizer\" is missing",
        "[1,2]                                             | expected a JSON object",
    })
    void badFilesNameTheFileAndTheField(String json, String problem) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), json, StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> Tokenizers.load(dir));
        assertTrue(e.getMessage().contains("tokenizer.json") && e.getMessage().contains(problem.strip()), e.getMessage());
    }

    @Test
    void damagedBpeFilesNameTheField() throws IOException {
        Tokenizers.save(BpeTestTexts.trained(), dir);
        Path file = dir.resolve("tokenizer.json");
        String good = Files.readString(file);

        assertLoadFails(file, good.replace("\"vocabSize\":1000", "\"vocabSize\":1001"), "\"vocabSize\" is 1001");
        assertLoadFails(file, good.replace("\"end\":998", "\"end\":5"), "\"specials.end\" is 5");
        assertLoadFails(file, good.replaceFirst("\"AA==\"", "\"not base64!\""), "\"tokens[0]\" is not base64");
        assertLoadFails(file, good.replaceFirst("\"AA==\"", "null"), "\"tokens\": token id 0 has neither bytes nor a name");
        assertLoadFails(file, good.replaceFirst("\"AA==\"", "\"AQ==\""), "\"tokens\": token ids 0 and 1 have the same bytes");
        assertLoadFails(file, good.substring(0, good.length() / 2), "not valid JSON");
    }

    private static void assertLoadFails(Path file, String content, String problem) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> Tokenizers.load(file.getParent()));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(problem), e.getMessage());
    }
}
