package dev.doppel.dataprep.format;

import dev.doppel.dataprep.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * A zip of exports (a WhatsApp export with its media, a Takeout archive, a folder of CSVs). It streams
 * through the archive once: each file entry's format is detected from its name and first 64 KiB and
 * the entry handed to that format's parser as {@code archive.zip!/path/in/zip}, so every error names
 * the entry. An entry of no known format (a photo, a voice note) is skipped as {@code unknown-file};
 * an entry of a known format that fails to parse fails the archive. Directories, {@code __MACOSX/} and
 * hidden files (a segment starting with {@code .}) are ignored. Names are reported as the archive
 * spells them, {@code ..} included: nothing is ever written to disk.
 *
 * <p>Zip bombs: {@link Limits} caps the number of entries and the uncompressed bytes of the whole
 * archive, and refuses an entry that expands beyond a ratio once it is past a size where text never
 * compresses that well. A zip inside the zip is read, with the same budget, but no deeper.
 */
public final class ZipParser implements ExportParser {
    /**
     * @param maxEntries            entries of the archive, nested ones included
     * @param maxTotalBytes         uncompressed bytes of all entries together
     * @param ratioCheckAfterBytes  an entry's size from which its compression ratio is checked
     * @param maxRatio              largest uncompressed : compressed ratio past that size
     */
    public record Limits(int maxEntries, long maxTotalBytes, long ratioCheckAfterBytes, int maxRatio) {
        public static final Limits DEFAULT = new Limits(10_000, 4L << 30, 1 << 20, 200);
    }

    /** What the archive may still use, shared with a nested zip. */
    private static final class Budget {
        int entries;
        long bytes;
    }

    // ZipInputStream may have read this much of an entry's compressed data before handing it out
    private static final int ZIP_PUSHBACK = 512;

    private final Limits limits;
    private final int depth;
    private final Budget shared;

    public ZipParser() {
        this(Limits.DEFAULT);
    }

    public ZipParser(Limits limits) {
        this(limits, 0, null);
    }

    private ZipParser(Limits limits, int depth, Budget shared) {
        this.limits = limits;
        this.depth = depth;
        this.shared = shared;
    }

    @Override
    public Format format() {
        return Format.ZIP;
    }

    @Override
    public void parse(InputStream in, String fileName, ExportSink sink) throws IOException, InvalidInputException {
        var raw = new CountingInputStream(in);
        var peek = new PushbackInputStream(raw, 4);
        byte[] magic = peek.readNBytes(4);
        if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K' || !(magic[2] == 3 && magic[3] == 4
                || magic[2] == 5 && magic[3] == 6)) {
            throw new InvalidInputException(fileName + " is not a zip archive", fileName + "@0");
        }
        peek.unread(magic);
        Budget budget = shared != null ? shared : new Budget();
        String current = fileName;
        try (var zip = new ZipInputStream(peek)) {
            ZipEntry entry;
            long entriesEnd = 0;
            while ((entry = nextEntry(zip, fileName, current)) != null) {
                current = fileName + "!/" + entry.getName();
                if (++budget.entries > limits.maxEntries) {
                    throw new InvalidInputException(fileName + " holds more than " + limits.maxEntries
                            + " files (at " + entry.getName() + "); split it", current);
                }
                var content = new EntryStream(zip, raw, current, budget);
                if (entry.isDirectory() || ignored(entry.getName())) {
                    content.drain(); // through the limits: a bomb may hide in __MACOSX/ too
                } else {
                    readEntry(content, current, sink);
                }
                entriesEnd = raw.count;
            }
            // ZipInputStream takes a file cut inside a local header for the end of the entries; only the
            // end-of-central-directory record, which comes last, shows that the upload arrived whole.
            raw.drain();
            if (raw.endRecordAt < 0 || raw.endRecordAt < entriesEnd - 2 * ZIP_PUSHBACK) {
                throw new InvalidInputException(fileName + " is cut short: its last part (the zip directory) is "
                        + "missing after " + current + "; upload it again", fileName + "@" + raw.count);
            }
        } catch (LimitExceeded e) {
            throw e.error;
        } catch (ZipException | EOFException e) {
            throw new InvalidInputException(fileName + " is not a valid zip archive (" + e.getMessage() + ", at "
                    + current + ")", current);
        }
    }

    private static ZipEntry nextEntry(ZipInputStream zip, String fileName, String previous)
            throws IOException, InvalidInputException {
        try {
            return zip.getNextEntry();
        } catch (IllegalArgumentException e) { // ZipInputStream's answer to an entry name that is not UTF-8
            throw new InvalidInputException(fileName + " is not a valid zip archive (" + e.getMessage()
                    + ", in the entry after " + previous + ")", previous);
        }
    }

    private void readEntry(EntryStream entry, String entryName, ExportSink sink)
            throws IOException, InvalidInputException {
        try {
            byte[] head = entry.readNBytes(FormatDetector.HEAD_BYTES);
            Format format;
            try {
                format = FormatDetector.detect(entryName, head);
            } catch (InvalidInputException unknown) {
                sink.skipped("unknown-file");
                entry.drain();
                return;
            }
            parser(format, entryName, entry.budget)
                    .parse(new SequenceInputStream(new ByteArrayInputStream(head), entry), entryName, sink);
            entry.drain();
        } catch (IOException | InvalidInputException e) {
            if (entry.limitExceeded != null) {
                throw entry.limitExceeded; // whatever a parser made of our IOException, the cause is the limit
            }
            throw e;
        }
    }

    private ExportParser parser(Format format, String entryName, Budget budget) throws InvalidInputException {
        if (format != Format.ZIP) {
            return ExportParsers.of(format);
        }
        if (depth >= 1) {
            throw new InvalidInputException(entryName + " is a zip inside a zip inside a zip; only one level of "
                    + "nesting is read", entryName);
        }
        return new ZipParser(limits, depth + 1, budget);
    }

    private static boolean ignored(String name) {
        for (String segment : name.split("/")) {
            if (segment.startsWith(".") && !segment.equals(".") && !segment.equals("..")
                    || segment.equals("__MACOSX")) {
                return true;
            }
        }
        return false;
    }

    /** An entry's bytes, counted against the limits; closing it leaves the archive open. */
    private final class EntryStream extends InputStream {
        private final ZipInputStream zip;
        private final CountingInputStream raw;
        private final long compressedStart;
        private final String name;
        final Budget budget;
        private long bytes;
        InvalidInputException limitExceeded;

        EntryStream(ZipInputStream zip, CountingInputStream raw, String name, Budget budget) {
            this.zip = zip;
            this.raw = raw;
            this.compressedStart = raw.count;
            this.name = name;
            this.budget = budget;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = zip.read(buffer, offset, length);
            if (n > 0) {
                bytes += n;
                budget.bytes += n;
                check();
            }
            return n;
        }

        void drain() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // counted and checked by read
            }
        }

        private void check() throws IOException {
            if (budget.bytes > limits.maxTotalBytes) {
                throw exceeded("the archive expands to more than " + limits.maxTotalBytes
                        + " bytes (at " + name + "); split it");
            }
            long compressed = raw.count - compressedStart + ZIP_PUSHBACK;
            if (bytes > limits.ratioCheckAfterBytes && bytes > compressed * limits.maxRatio) {
                throw exceeded(name + " expands more than " + limits.maxRatio + ":1, which only a zip bomb does; "
                        + "refusing the archive");
            }
        }

        private IOException exceeded(String message) {
            limitExceeded = new InvalidInputException(message, name);
            return new LimitExceeded(limitExceeded);
        }

        @Override
        public void close() {
            // the parser is done with the entry, not with the archive
        }
    }

    /** How a limit crosses {@link InputStream#read}, which may only throw an IOException. */
    private static final class LimitExceeded extends IOException {
        final InvalidInputException error;

        LimitExceeded(InvalidInputException error) {
            super(error.getMessage());
            this.error = error;
        }
    }

    /**
     * Counts the compressed bytes the archive has consumed and notes where it last saw the signature of
     * the end-of-central-directory record; leaves the caller's stream open.
     */
    private static final class CountingInputStream extends FilterInputStream {
        private static final int END_RECORD_SIGNATURE = 0x504B0506; // "PK\5\6"
        long count;
        long endRecordAt = -1;
        private int lastFour;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            for (int i = 0; i < n; i++) {
                lastFour = lastFour << 8 | buffer[offset + i] & 0xFF;
                if (lastFour == END_RECORD_SIGNATURE) {
                    endRecordAt = count + i - 3;
                }
            }
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        void drain() throws IOException {
            byte[] buffer = new byte[8192];
            while (read(buffer, 0, buffer.length) >= 0) {
                // the directory and the end record: counted and scanned by read
            }
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }
}
