package dev.doppel.dataprep.format;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever bytes arrive, a parser accepts them or says what is wrong: nothing else escapes. */
class GarbageInputTest {
    private static final List<ExportParser> PARSERS = List.of(new PromptCompletionJsonlParser(), new ChatJsonlParser(),
            new DelimitedParser(Format.CSV), new DelimitedParser(Format.TSV), new PlainTextParser(), new ZipParser());

    @Property(tries = 300)
    void randomBytes(@ForAll("garbage") byte[] bytes) {
        for (var parser : PARSERS) {
            acceptOrReject(parser, bytes);
        }
        acceptOrRejectDetection(bytes);
    }

    @Property(tries = 300)
    void damagedFixtures(@ForAll("fixtures") byte[] original, @ForAll long seed) {
        byte[] damaged = damage(original, new Random(seed));
        for (var parser : PARSERS) {
            acceptOrReject(parser, damaged);
        }
        acceptOrRejectDetection(damaged);
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
    }

    @Provide
    Arbitrary<byte[]> fixtures() throws IOException {
        var zip = new ByteArrayOutputStream();
        try (var out = new ZipOutputStream(zip)) {
            for (String fixture : List.of("openai-chat/chat.jsonl", "csv/pairs.csv", "text/corpus.txt")) {
                out.putNextEntry(new ZipEntry(fixture));
                out.write(Fixtures.bytes(fixture));
            }
        }
        return Arbitraries.of(Fixtures.bytes("openai-prompt-completion/pairs.jsonl"),
                Fixtures.bytes("openai-chat/chat.jsonl"), Fixtures.bytes("csv/pairs.csv"),
                Fixtures.bytes("tsv/pairs.tsv"), Fixtures.bytes("text/corpus.txt"), zip.toByteArray());
    }

    /** A truncation, a few flipped bytes, or both. */
    private static byte[] damage(byte[] original, Random random) {
        byte[] bytes = random.nextBoolean() ? original.clone() : Arrays.copyOf(original, random.nextInt(original.length));
        int flips = bytes.length == 0 ? 0 : random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static void acceptOrReject(ExportParser parser, byte[] bytes) {
        try {
            Fixtures.parse(parser, bytes, "upload");
        } catch (InvalidInputException expected) {
            assertTrue(expected.location() != null && expected.location().startsWith("upload"), expected.location());
        } catch (UnsupportedOperationException placeholder) {
            // a zip entry that damage made look like a format whose parser has not landed yet
            assertTrue(parser instanceof ZipParser && placeholder.getMessage().endsWith("is not implemented yet"));
        } catch (Exception | Error unexpected) {
            throw new AssertionError(parser.format() + " threw " + unexpected, unexpected);
        }
    }

    private static void acceptOrRejectDetection(byte[] bytes) {
        try {
            FormatDetector.detect("upload", bytes);
        } catch (InvalidInputException expected) {
            assertTrue(expected.getMessage().startsWith("cannot tell the format of upload"));
        }
    }
}
