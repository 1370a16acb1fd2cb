package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    private static Map<String, Tensor> sample() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("h.0.attn.c_attn.weight", new Tensor(new long[] {2, 3}, new float[] {1f, -2.5f, 3e-8f, Float.MAX_VALUE, -0f, 7f}));
        tensors.put("bias", new Tensor(new long[] {3}, new float[] {0.1f, 0.2f, Float.MIN_VALUE}));
        tensors.put("scalar", new Tensor(new long[] {}, new float[] {42f}));
        tensors.put("empty", new Tensor(new long[] {0, 4}, new float[] {}));
        return tensors;
    }

    @Test
    void f32RoundTripKeepsNamesOrderShapesValuesAndMetadata() throws IOException {
        Path file = dir.resolve("a.safetensors");
        Safetensors.write(file, sample(), Map.of("format", "pt"));

        Map<String, Tensor> read = Safetensors.readAll(file);
        assertEquals(sample(), read);
        assertEquals(List.copyOf(sample().keySet()), List.copyOf(read.keySet()));
        try (Safetensors safetensors = Safetensors.open(file)) {
            assertEquals(Map.of("format", "pt"), safetensors.metadata());
            assertEquals("F32", safetensors.info("bias").dtype());
            assertArrayEquals(new long[] {2, 3}, safetensors.info("h.0.attn.c_attn.weight").shape());
        }
    }

    @Test
    void fileLayoutFollowsTheSpec() throws IOException {
        Path file = dir.resolve("a.safetensors");
        Safetensors.write(file, sample(), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "the data section starts 8-byte aligned");
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"h.0.attn.c_attn.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}"), header);
        assertTrue(header.endsWith("}") || header.endsWith(" "), header);
        assertFalse(header.contains(Safetensors.METADATA_KEY), "no metadata, no __metadata__ key");
        assertEquals(8 + headerLength + 4 * (6 + 3 + 1), bytes.length);
        // little-endian floats: the first value 1.0f is 00 00 80 3F
        int data = 8 + (int) headerLength;
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F}, Arrays.copyOfRange(bytes, data, data + 4));
    }

    @Test
    void readsHandBuiltF16AndBf16AsFp32() throws IOException {
        // F16: 1.0 = 3C00, -2.0 = C000, 0.5 = 3800, 65504 = 7BFF; BF16: 1.0 = 3F80, -0.5 = BF00, 3.140625 = 4049
        Path file = handBuilt("{\"__metadata__\":{\"format\":\"pt\"},"
                        + "\"half\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
                        + "\"brain\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[8,14]}}",
                shorts(0x3C00, 0xC000, 0x3800, 0x7BFF, 0x3F80, 0xBF00, 0x4049));
        Map<String, Tensor> read = Safetensors.readAll(file);
        assertEquals(new Tensor(new long[] {2, 2}, new float[] {1f, -2f, 0.5f, 65504f}), read.get("half"));
        assertEquals(new Tensor(new long[] {3}, new float[] {1f, -0.5f, 3.140625f}), read.get("brain"));
    }

    @Test
    void otherDtypesOpenButFailWhenReadNamingTheTensor() throws IOException {
        Path file = handBuilt("{\"mask\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]},"
                + "\"w\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[2,4]}}", new byte[] {1, 0, 0x00, 0x3C});
        try (Safetensors safetensors = Safetensors.open(file)) {
            assertEquals(new Tensor(new long[] {1}, new float[] {1f}), safetensors.read("w")); // skipping "mask" works
            IOException e = assertThrows(IOException.class, () -> safetensors.read("mask"));
            assertMentions(e, file, "\"mask\"", "BOOL");
            assertMentions(assertThrows(IOException.class, () -> safetensors.read("nope")), file, "nope");
        }
        assertThrows(IOException.class, () -> Safetensors.readAll(file));
    }

    @Test
    void truncatedFileNamesTheTensorThatRunsPastTheEnd() throws IOException {
        Path file = dir.resolve("a.safetensors");
        Safetensors.write(file, sample(), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(file)), file, "\"scalar\"", "outside");
    }

    @Test
    void headerLengthPastTheEndOfTheFile() throws IOException {
        Path file = dir.resolve("a.safetensors");
        Files.write(file, ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).putInt(0x7B7D2020).array());
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(file)), file, "1000", "past the end");

        Files.write(file, ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(-5).array());
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(file)), file, "header length -5");

        Files.write(file, new byte[] {1, 2, 3});
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(file)), file, "too short");
    }

    @Test
    void badJson() throws IOException {
        Path file = handBuilt("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]", new byte[4]);
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(file)), file, "not valid JSON");

        Path notAnObject = handBuilt("[1, 2]", new byte[0]);
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(notAnObject)), notAnObject, "'{'");

        Path duplicate = handBuilt("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(duplicate)), duplicate, "not valid JSON");

        Path trailing = handBuilt("{} {}", new byte[0]);
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(trailing)), trailing, "not valid JSON");

        Path metadata = handBuilt("{\"__metadata__\":{\"steps\":12}}", new byte[0]);
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(metadata)), metadata, "steps", "not a string");

        Path missingShape = handBuilt("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4]);
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(missingShape)), missingShape, "\"w\"", "shape");
    }

    @Test
    void overlappingOffsetsNameBothTensors() throws IOException {
        Path file = handBuilt("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(file)), file, "\"a\"", "\"b\"", "overlaps");
    }

    @Test
    void holesAndTrailingBytesAreRejectedLikeTheReferenceReader() throws IOException {
        Path hole = handBuilt("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]);
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(hole)), hole, "\"b\"", "no tensor");

        Path trailing = handBuilt("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[8]);
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(trailing)), trailing, "no tensor");
    }

    @Test
    void wrongOrUnknownDtype() throws IOException {
        Path mismatch = handBuilt("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(mismatch)), mismatch, "\"w\"", "F16", "needs 4 bytes");

        Path unknown = handBuilt("{\"w\":{\"dtype\":\"F33\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(unknown)), unknown, "\"w\"", "F33");

        Path negative = handBuilt("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", new byte[8]);
        assertMentions(assertThrows(IOException.class, () -> Safetensors.open(negative)), negative, "\"w\"", "shape");
    }

    @Test
    void writingRejectsTheMetadataKeyAsATensorName() {
        Map<String, Tensor> tensors = Map.of(Safetensors.METADATA_KEY, new Tensor(new long[] {1}, new float[] {1f}));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(dir.resolve("x"), tensors, Map.of()));
    }

    private static void assertMentions(IOException e, Path file, String... words) {
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String word : words) {
            assertTrue(e.getMessage().contains(word), "\"" + word + "\" missing in: " + e.getMessage());
        }
    }

    /** A file from raw parts, with the header padded to 8 bytes like a real writer would. */
    private Path handBuilt(String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer buffer = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(padded).put(json);
        while (buffer.position() < 8 + padded) {
            buffer.put((byte) ' ');
        }
        buffer.put(data);
        Path file = Files.createTempFile(dir, "hand", ".safetensors");
        Files.write(file, buffer.array());
        return file;
    }

    private static byte[] shorts(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            buffer.putShort((short) value);
        }
        return buffer.array();
    }
}
