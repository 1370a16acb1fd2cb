package dev.doppel.lm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian header
 * length N, N bytes of UTF-8 JSON ({@code {"__metadata__": {...}, "name": {"dtype": "F32", "shape": [..],
 * "data_offsets": [begin, end]}, ...}}, padded with spaces so that the data starts 8-byte aligned), then the
 * tensors' little-endian bytes, contiguous, offsets relative to the end of the header.
 *
 * <p>Writing produces F32. Reading validates the whole header when the file is opened (as strictly as the
 * reference implementation: offsets in range, no overlaps and no holes, byte length = elements x dtype size)
 * and converts F32, F16 and BF16 to fp32 per tensor, on demand, through a memory map: a 500 MB checkpoint is
 * never held as one byte array, and tensors nobody asks for (GPT-2's attention-mask buffers) are never read.
 * Every problem is an {@link IOException} naming the file and, where there is one, the tensor.
 *
 * <p>An open instance is safe to read from several threads; close it to release the file.
 */
public final class Safetensors implements AutoCloseable {

    /** The header key of the free-form string map; never a tensor name. */
    public static final String METADATA_KEY = "__metadata__";
    /** The reference implementation refuses larger headers; so do we, before allocating anything. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(
            Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1),
            Map.entry("F8_E5M2", 1), Map.entry("F8_E4M3", 1),
            Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2), Map.entry("BF16", 2),
            Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F32", 4),
            Map.entry("I64", 8), Map.entry("U64", 8), Map.entry("F64", 8));
    private static final int WRITE_CHUNK_FLOATS = 1 << 18; // 1 MiB per write call

    /**
     * One tensor as the header describes it.
     *
     * @param begin first byte, relative to the start of the data section
     * @param end one past the last byte, relative to the start of the data section
     */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {

        public long elementCount() {
            long count = 1;
            for (long dimension : shape) {
                count *= dimension;
            }
            return count;
        }

        @Override
        public String toString() {
            return name + " " + dtype + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private Safetensors(Path file, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors,
                        Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Opens a file and validates its header; the tensors are read later, one by one, with {@link #read}. */
    public static Safetensors open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size < 8) {
                throw new IOException(file + ": " + size + " bytes is too short for a safetensors file (8-byte header length first)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(file, channel, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
                throw new IOException(file + ": header length " + headerLength + " is not in [2, " + MAX_HEADER_BYTES + "]");
            }
            if (8 + headerLength > size) {
                throw new IOException(file + ": header length " + headerLength + " runs past the end of the "
                        + size + "-byte file (truncated?)");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(file, channel, headerBytes, 8);
            long dataStart = 8 + headerLength;
            Header header = parseHeader(file, headerBytes.array(), size - dataStart);
            return new Safetensors(file, channel, dataStart, header.tensors(), header.metadata());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads every tensor of a file as fp32; fails if any tensor has a dtype other than F32, F16 or BF16. */
    public static Map<String, Tensor> readAll(Path file) throws IOException {
        try (Safetensors safetensors = open(file)) {
            Map<String, Tensor> all = new LinkedHashMap<>();
            for (String name : safetensors.names()) {
                all.put(name, safetensors.read(name));
            }
            return all;
        }
    }

    /**
     * Writes the tensors as F32 in the map's order, with an optional {@code __metadata__} string map, to a
     * temporary file that then replaces {@code file}: a reader never sees half a file.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA_KEY);
            metadata.forEach((key, value) -> meta.put(key, value));
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            String name = entry.getKey();
            if (name == null || name.isEmpty() || METADATA_KEY.equals(name)) {
                throw new IllegalArgumentException("\"" + name + "\" cannot name a tensor in a safetensors file");
            }
            Tensor tensor = entry.getValue();
            long bytes = 4L * tensor.data().length;
            ObjectNode info = header.putObject(name);
            info.put("dtype", "F32");
            ArrayNode shape = info.putArray("shape");
            for (long dimension : tensor.shape()) {
                shape.add(dimension);
            }
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // the data section starts 8-byte aligned, as the spec asks
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();

        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, head);
            ByteBuffer chunk = ByteBuffer.allocateDirect(4 * WRITE_CHUNK_FLOATS).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor tensor : tensors.values()) {
                float[] data = tensor.data();
                for (int from = 0; from < data.length; from += WRITE_CHUNK_FLOATS) {
                    int count = Math.min(WRITE_CHUNK_FLOATS, data.length - from);
                    chunk.clear();
                    chunk.asFloatBuffer().put(data, from, count);
                    chunk.limit(4 * count);
                    writeFully(out, chunk);
                }
            }
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public Path file() {
        return file;
    }

    /** Tensor names in header order, without {@code __metadata__}. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The header entry of a tensor; fails naming the file if there is none. */
    public TensorInfo info(String name) throws IOException {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new IOException(file + ": no tensor \"" + name + "\"");
        }
        return info;
    }

    /** The {@code __metadata__} map; empty if the file has none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Reads one tensor as fp32 (F32 as is, F16 and BF16 widened exactly); other dtypes fail naming the tensor. */
    public Tensor read(String name) throws IOException {
        TensorInfo info = info(name);
        String dtype = info.dtype();
        if (!dtype.equals("F32") && !dtype.equals("F16") && !dtype.equals("BF16")) {
            throw new IOException(file + ": tensor \"" + name + "\" has dtype " + dtype
                    + "; only F32, F16 and BF16 can be read as fp32");
        }
        long count = info.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": tensor \"" + name + "\" has " + count + " elements, more than one Java array holds");
        }
        float[] values = new float[(int) count];
        if (count > 0) {
            ByteBuffer bytes;
            try {
                MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.end() - info.begin());
                bytes = mapped.order(ByteOrder.LITTLE_ENDIAN);
            } catch (IOException e) {
                throw new IOException(file + ": cannot map tensor \"" + name + "\": " + e.getMessage(), e);
            }
            switch (dtype) {
                case "F32" -> bytes.asFloatBuffer().get(values);
                case "F16" -> {
                    ShortBuffer halves = bytes.asShortBuffer();
                    for (int i = 0; i < values.length; i++) {
                        values[i] = Float.float16ToFloat(halves.get(i));
                    }
                }
                default -> { // BF16 is the upper half of an fp32
                    ShortBuffer halves = bytes.asShortBuffer();
                    for (int i = 0; i < values.length; i++) {
                        values[i] = Float.intBitsToFloat((halves.get(i) & 0xFFFF) << 16);
                    }
                }
            }
        }
        return new Tensor(info.shape().clone(), values);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    // ---- header parsing and validation ----

    private record Header(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
    }

    private static Header parseHeader(Path file, byte[] bytes, long dataLength) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": header is not valid UTF-8", e);
        }
        if (!text.startsWith("{")) {
            throw new IOException(file + ": header does not start with '{' (not a safetensors file?)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": header is not a JSON object");
        }

        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (METADATA_KEY.equals(field.getKey())) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                tensors.put(field.getKey(), readInfo(file, field.getKey(), field.getValue(), dataLength));
            }
        }
        checkLayout(file, tensors.values(), dataLength);
        return new Header(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> metadata) throws IOException {
        if (!node.isObject()) {
            throw new IOException(file + ": " + METADATA_KEY + " is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new IOException(file + ": " + METADATA_KEY + " value of \"" + entry.getKey() + "\" is not a string");
            }
            metadata.put(entry.getKey(), entry.getValue().asText());
        }
    }

    private static TensorInfo readInfo(Path file, String name, JsonNode node, long dataLength) throws IOException {
        String where = file + ": tensor \"" + name + "\"";
        if (!node.isObject()) {
            throw new IOException(where + ": header entry is not a JSON object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new IOException(where + ": \"dtype\" is missing or not a string");
        }
        String dtype = dtypeNode.asText();
        Integer dtypeBytes = DTYPE_BYTES.get(dtype);
        if (dtypeBytes == null) {
            throw new IOException(where + ": unknown dtype \"" + dtype + "\"");
        }
        long[] shape = readLongs(where, node.get("shape"), "shape", -1);
        long[] offsets = readLongs(where, node.get("data_offsets"), "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataLength) {
            throw new IOException(where + ": data_offsets [" + begin + ", " + end + ") lie outside the "
                    + dataLength + "-byte data section");
        }
        long expected;
        try {
            long count = 1;
            for (long dimension : shape) {
                count = Math.multiplyExact(count, dimension);
            }
            expected = Math.multiplyExact(count, (long) dtypeBytes);
        } catch (ArithmeticException e) {
            throw new IOException(where + ": shape " + Arrays.toString(shape) + " overflows");
        }
        if (expected != end - begin) {
            throw new IOException(where + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + expected + " bytes, data_offsets [" + begin + ", " + end + ") hold " + (end - begin));
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static long[] readLongs(String where, JsonNode node, String field, int requiredLength) throws IOException {
        if (node == null || !node.isArray() || (requiredLength >= 0 && node.size() != requiredLength)) {
            throw new IOException(where + ": \"" + field + "\" is missing or not an array"
                    + (requiredLength >= 0 ? " of " + requiredLength + " integers" : " of integers"));
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = node.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
                throw new IOException(where + ": \"" + field + "\" holds " + value + ", not a non-negative integer");
            }
            values[i] = value.asLong();
        }
        return values;
    }

    /** Like the reference implementation: the tensors tile the data section exactly, no overlap, no hole. */
    private static void checkLayout(Path file, Iterable<TensorInfo> infos, long dataLength) throws IOException {
        List<TensorInfo> sorted = new ArrayList<>();
        infos.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long cursor = 0;
        TensorInfo previous = null;
        for (TensorInfo info : sorted) {
            if (info.begin() < cursor) {
                throw new IOException(file + ": tensor \"" + info.name() + "\" [" + info.begin() + ", " + info.end()
                        + ") overlaps tensor \"" + previous.name() + "\" [" + previous.begin() + ", " + previous.end() + ")");
            }
            if (info.begin() > cursor) {
                throw new IOException(file + ": bytes [" + cursor + ", " + info.begin() + ") before tensor \""
                        + info.name() + "\" belong to no tensor");
            }
            cursor = info.end();
            previous = info;
        }
        if (cursor != dataLength) {
            throw new IOException(file + ": the tensors end at byte " + cursor + " of the " + dataLength
                    + "-byte data section; the rest belongs to no tensor");
        }
    }

    private static void readFully(Path file, FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException(file + ": unexpected end of file at byte " + at);
            }
            at += read;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
