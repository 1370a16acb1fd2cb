package dev.doppel.dataprep.format;

import static dev.doppel.dataprep.format.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.doppel.dataprep.Example;
import dev.doppel.dataprep.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class ZipParserTest {
    /** Entries in order; a name ending in / is a directory. */
    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Map<String, byte[]> entries(Object... nameThenBytes) {
        var entries = new LinkedHashMap<String, byte[]>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            Object content = nameThenBytes[i + 1];
            entries.put((String) nameThenBytes[i], content instanceof String s ? utf8(s) : (byte[]) content);
        }
        return entries;
    }

    private static ParsedExport parse(ZipParser parser, byte[] zip) throws Exception {
        return Fixtures.parse(parser, zip, "export.zip");
    }

    private static InvalidInputException rejected(ZipParser parser, byte[] zip) {
        return assertThrows(InvalidInputException.class, () -> parse(parser, zip));
    }

    @Test
    void parsesEachEntryByItsFormatAndNamesIt() throws Exception {
        byte[] nested = zip(entries("inner.csv", "question,answer\nping?,pong\n", "readme.txt", "one\n\ntwo\n"));
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
        byte[] archive = zip(entries(
                "chats/", new byte[0],
                "chats/pairs.jsonl", Fixtures.bytes("openai-prompt-completion/pairs.jsonl"),
                "chats/chat.jsonl", Fixtures.bytes("openai-chat/chat.jsonl"),
                "pairs.csv", Fixtures.bytes("csv/pairs.csv"),
                "__MACOSX/chats/._pairs.jsonl", new byte[] {0, 5, 22, 7, 0, 2, 0, 0},
                ".DS_Store", new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1'},
                "chats/.hidden/notes.txt", "never read\n",
                "media/IMG-20240301-WA0001.jpg", jpeg,
                "../notes.txt", "Field notes\n\nsecond paragraph\n",
                "nested.zip", nested));
        var export = parse(new ZipParser(), archive);

        assertEquals(5 + 4 + 5 + 1, export.examples().size());
        assertEquals("export.zip!/chats/pairs.jsonl:1", export.examples().getFirst().location());
        assertEquals("export.zip!/chats/chat.jsonl:4", export.examples().get(8).location());
        assertEquals("export.zip!/pairs.csv:2", export.examples().get(9).location());
        assertEquals(Example.of("ping?", "pong", "ping?", "export.zip!/nested.zip!/inner.csv:2"),
                export.examples().getLast());
        assertEquals(List.of("export.zip!/../notes.txt:1", "export.zip!/../notes.txt:3",
                "export.zip!/nested.zip!/readme.txt:1", "export.zip!/nested.zip!/readme.txt:3"),
                export.documents().stream().map(d -> d.id()).toList());
        assertEquals(Map.of("unknown-file", 1, "weight-0", 1, "tool_call", 2, "empty-row", 1), export.skipped());
    }

    @Test
    void aBrokenEntryFailsTheArchiveNamingTheEntryAndLine() throws Exception {
        byte[] archive = zip(entries("good.txt", "hello\n", "data/bad.csv", "prompt,response\nfine,ok\n\"open,quote\n"));
        var error = rejected(new ZipParser(), archive);
        assertEquals("export.zip!/data/bad.csv:3", error.location());
        assertTrue(error.getMessage().startsWith("export.zip!/data/bad.csv line 3: unterminated quote"),
                error.getMessage());
    }

    @Test
    void aHighlyCompressibleEntryIsRefusedAsABomb() throws Exception {
        byte[] zeros = new byte[3 << 20];
        Arrays.fill(zeros, (byte) 'a');
        var error = rejected(new ZipParser(), zip(entries("ok.txt", "fine\n", "bomb.txt", zeros)));
        assertEquals("export.zip!/bomb.txt", error.location());
        assertEquals("export.zip!/bomb.txt expands more than 200:1, which only a zip bomb does; refusing the archive",
                error.getMessage());
        // the same entry hidden as an unknown file is still read through the limits
        zeros[0] = 0;
        assertEquals("export.zip!/bomb.bin", rejected(new ZipParser(), zip(entries("bomb.bin", zeros))).location());
        assertEquals("export.zip!/__MACOSX/._bomb", rejected(new ZipParser(), zip(entries("__MACOSX/._bomb", zeros)))
                .location());
    }

    @Test
    void totalSizeAndEntryCountAreCapped() throws Exception {
        var small = new ZipParser(new ZipParser.Limits(3, 1000, 1 << 20, 200));
        var tooBig = rejected(small, zip(entries("a.txt", "x".repeat(600), "b.txt", "y".repeat(600))));
        assertEquals("the archive expands to more than 1000 bytes (at export.zip!/b.txt); split it", tooBig.getMessage());
        var tooMany = rejected(small, zip(entries("a.txt", "a", "b/", new byte[0], "c.txt", "c", "d.txt", "d")));
        assertEquals("export.zip holds more than 3 files (at d.txt); split it", tooMany.getMessage());
        assertEquals("export.zip!/d.txt", tooMany.location());
        byte[] nested = zip(entries("x.txt", "x", "y.txt", "y"));
        assertEquals("export.zip!/inner.zip!/y.txt",
                rejected(small, zip(entries("a.txt", "a", "inner.zip", nested))).location());
    }

    @Test
    void zipsNestOneLevelDeepOnly() throws Exception {
        byte[] deepest = zip(entries("deep.txt", "deep\n"));
        byte[] middle = zip(entries("deepest.zip", deepest));
        var error = rejected(new ZipParser(), zip(entries("middle.zip", middle)));
        assertEquals("export.zip!/middle.zip!/deepest.zip", error.location());
    }

    @Test
    void garbageAndTruncatedArchivesAreInvalidInput() throws Exception {
        var notZip = rejected(new ZipParser(), utf8("hello, I am text"));
        assertEquals("export.zip is not a zip archive", notZip.getMessage());
        assertEquals("export.zip is not a zip archive", rejected(new ZipParser(), new byte[0]).getMessage());
        byte[] archive = zip(entries("pairs.jsonl", Fixtures.bytes("openai-prompt-completion/pairs.jsonl"),
                "notes.txt", "x".repeat(5000)));
        int secondHeader = indexOf(archive, new byte[] {'P', 'K', 3, 4}, 1);
        int directory = indexOf(archive, new byte[] {'P', 'K', 1, 2}, 0);
        // cut in a local header, in compressed data, in the second header, in the directory at the end
        for (int cut : new int[] {10, 40, secondHeader / 2, secondHeader + 12, directory + 30}) {
            byte[] truncated = Arrays.copyOf(archive, cut);
            assertThrows(InvalidInputException.class, () -> parse(new ZipParser(), truncated), "cut at " + cut);
        }
        var cutInHeader = rejected(new ZipParser(), Arrays.copyOf(archive, secondHeader + 12));
        assertEquals("export.zip is cut short: its last part (the zip directory) is missing after "
                + "export.zip!/pairs.jsonl; upload it again", cutInHeader.getMessage());
        byte[] corrupt = archive.clone();
        for (int i = 60; i < 90; i++) {
            corrupt[i] ^= 0x5A;
        }
        assertThrows(InvalidInputException.class, () -> parse(new ZipParser(), corrupt));
    }

    @Test
    void anEmptyArchiveHasNothingAndTheCallersStreamStaysOpen() throws Exception {
        var closed = new boolean[1];
        var in = new FilterInputStream(new ByteArrayInputStream(zip(entries()))) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        var export = new ParsedExport();
        new ZipParser().parse(in, "empty.zip", export);
        assertFalse(closed[0]);
        assertTrue(export.examples().isEmpty() && export.documents().isEmpty());
        assertArrayEquals(new byte[0], in.readAllBytes());
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (bytes[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
