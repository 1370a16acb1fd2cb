package dev.doppel.lm.ngram;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Binary file of a {@link KneserNeyModel}: its counts only, since discounts and interpolation weights derive
 * from them. Big-endian ints:
 * <pre>
 *   "DOPPELKN" version(=1) order vocabSize contextCount entryCount
 *   lengthStart[order + 1]                        contexts of length k are ids [lengthStart[k], lengthStart[k+1])
 *   parent[contextCount - 1] token[contextCount - 1]  trie keys of contexts 1.., parent = one token shorter
 *   successorStart[contextCount + 1] token[entryCount] count[entryCount]   n-grams by context, tokens sorted
 *   CRC32 of all the above, as a long
 * </pre>
 * The size is checked against the header before anything large is allocated, the checksum before the
 * model is built, and every id and token against its range, so a bad file fails with an IOException that
 * names it instead of an OutOfMemoryError or a wrong model.
 */
final class KneserNeyFile {

    private static final byte[] MAGIC = "DOPPELKN".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int MAX_ORDER = 1 << 10;
    private static final int CHUNK_INTS = 1 << 14;

    private KneserNeyFile() {
    }

    static void write(KneserNeyModel model, Path file) throws IOException {
        ContextTrie contexts = model.contexts();
        int contextCount = contexts.size();
        int[] parents = new int[contextCount];
        int[] tokens = new int[contextCount];
        contexts.forEach((key, node) -> {
            parents[node] = ContextTrie.parentOf(key);
            tokens[node] = ContextTrie.tokenOf(key);
        });
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            writeCounts(model, parents, tokens, temporary);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void writeCounts(KneserNeyModel model, int[] parents, int[] tokens, Path temporary) throws IOException {
        ContextTrie contexts = model.contexts();
        Successors successors = model.successors();
        int contextCount = contexts.size();
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
            CheckedOutputStream checked = new CheckedOutputStream(stream, new CRC32());
            DataOutputStream out = new DataOutputStream(checked);
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(model.order());
            out.writeInt(model.vocabSize());
            out.writeInt(contextCount);
            out.writeInt(successors.entries());
            writeInts(out, contexts::lengthStart, model.order() + 1);
            writeInts(out, i -> parents[i + 1], contextCount - 1);
            writeInts(out, i -> tokens[i + 1], contextCount - 1);
            writeInts(out, successors::from, contextCount + 1);
            writeInts(out, successors::token, successors.entries());
            writeInts(out, successors::countAt, successors.entries());
            out.flush();
            out.writeLong(checked.getChecksum().getValue());
        }
    }

    static KneserNeyModel read(Path file) throws IOException {
        long fileSize = Files.size(file);
        if (fileSize < MAGIC.length) {
            throw new IOException(file + " is not a Doppel Kneser-Ney model (" + fileSize + " bytes, shorter than the header)");
        }
        try (InputStream stream = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            CheckedInputStream checked = new CheckedInputStream(stream, new CRC32());
            DataInputStream in = new DataInputStream(checked);
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not a Doppel Kneser-Ney model (its header is not DOPPELKN)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + " has format version " + version + "; this build reads version " + VERSION);
            }
            int order = in.readInt();
            int vocabSize = in.readInt();
            int contextCount = in.readInt();
            int entryCount = in.readInt();
            if (order < 1 || order > MAX_ORDER || vocabSize < 1 || vocabSize == Integer.MAX_VALUE || contextCount < 1
                    || entryCount < 0) {
                throw corrupt(file, "order " + order + ", vocabSize " + vocabSize + ", contexts " + contextCount
                        + ", n-grams " + entryCount);
            }
            long expectedSize = MAGIC.length + 4L * 5 + 4L * (order + 1) + 8L * (contextCount - 1)
                    + 4L * (contextCount + 1) + 8L * entryCount + Long.BYTES;
            if (expectedSize != fileSize) {
                throw new IOException(file + " is truncated or corrupt: its header implies " + expectedSize
                        + " bytes, the file has " + fileSize);
            }
            int[] lengthStart = readInts(in, order + 1);
            int[] parents = readInts(in, contextCount - 1);
            int[] tokens = readInts(in, contextCount - 1);
            int[] successorStart = readInts(in, contextCount + 1);
            int[] successorTokens = readInts(in, entryCount);
            int[] counts = readInts(in, entryCount);
            long computed = checked.getChecksum().getValue();
            if (in.readLong() != computed) {
                throw corrupt(file, "checksum mismatch");
            }
            ContextTrie contexts = contexts(file, order, vocabSize, lengthStart, parents, tokens);
            checkSuccessors(file, vocabSize, successorStart, successorTokens, counts);
            return new KneserNeyModel(order, vocabSize, contexts, new Successors(successorStart, successorTokens, counts));
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }

    private static ContextTrie contexts(Path file, int order, int vocabSize, int[] lengthStart, int[] parents,
                                        int[] tokens) throws IOException {
        int contextCount = parents.length + 1;
        if (lengthStart[0] != ContextTrie.ROOT || (order > 1 && lengthStart[1] != 1) || lengthStart[order] != contextCount) {
            throw corrupt(file, "context ranges " + Arrays.toString(lengthStart));
        }
        LongIntHashMap nodes = new LongIntHashMap(contextCount);
        for (int length = 1; length < order; length++) {
            if (lengthStart[length + 1] < lengthStart[length]) {
                throw corrupt(file, "context ranges " + Arrays.toString(lengthStart));
            }
            for (int node = lengthStart[length]; node < lengthStart[length + 1]; node++) {
                int parent = parents[node - 1];
                int token = tokens[node - 1];
                // A context's parent is one token shorter; vocabSize is the begin-of-sequence marker.
                if (parent < lengthStart[length - 1] || parent >= lengthStart[length] || token < 0 || token > vocabSize
                        || nodes.putIfAbsent(ContextTrie.key(parent, token), node) != LongIntHashMap.MISSING) {
                    throw corrupt(file, "context " + node);
                }
            }
        }
        return new ContextTrie(nodes, lengthStart);
    }

    private static void checkSuccessors(Path file, int vocabSize, int[] start, int[] tokens, int[] counts) throws IOException {
        if (start[0] != 0 || start[start.length - 1] != tokens.length) {
            throw corrupt(file, "successor ranges");
        }
        for (int context = 0; context + 1 < start.length; context++) {
            if (start[context + 1] < start[context]) {
                throw corrupt(file, "successor ranges of context " + context);
            }
            for (int entry = start[context]; entry < start[context + 1]; entry++) {
                boolean sorted = entry == start[context] || tokens[entry] > tokens[entry - 1];
                if (!sorted || tokens[entry] < 0 || tokens[entry] >= vocabSize || counts[entry] < 1) {
                    throw corrupt(file, "successor " + entry + " of context " + context);
                }
            }
        }
    }

    private static IOException corrupt(Path file, String what) {
        return new IOException(file + " is corrupt: " + what);
    }

    private static void writeInts(DataOutputStream out, IntUnaryOperator valueAt, int count) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(Integer.BYTES * CHUNK_INTS);
        for (int i = 0; i < count; i++) {
            chunk.putInt(valueAt.applyAsInt(i));
            if (!chunk.hasRemaining()) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    private static int[] readInts(DataInputStream in, int count) throws IOException {
        int[] values = new int[count];
        byte[] chunk = new byte[Integer.BYTES * CHUNK_INTS];
        for (int done = 0; done < count; ) {
            int ints = Math.min(CHUNK_INTS, count - done);
            in.readFully(chunk, 0, ints * Integer.BYTES);
            ByteBuffer.wrap(chunk, 0, ints * Integer.BYTES).asIntBuffer().get(values, done, ints);
            done += ints;
        }
        return values;
    }
}
