package dev.doppel.lm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Native libraries in this process: loading ours from the jar ({@code src/main/c}, built by {@code build.sh}), and
 * finding where one that is already loaded (libtorch's) lies.
 */
public final class NativeLibrary {

    private NativeLibrary() {
    }

    /**
     * Copies the library at {@code resource} (a resource name as for {@link Class#getResource}: relative to this
     * package, or absolute with a leading slash) to a temporary file and loads it; false where there is no such
     * resource, that is, the library was not built (no C compiler at build time).
     */
    public static boolean load(String resource) throws IOException {
        return load(resource, () -> {
        });
    }

    /**
     * As {@link #load(String)}, running {@code whileOnDisk} after loading and before the file is deleted: for code
     * that reopens the library by its path.
     */
    static boolean load(String resource, Runnable whileOnDisk) throws IOException {
        try (InputStream library = NativeLibrary.class.getResourceAsStream(resource)) {
            if (library == null) {
                return false;
            }
            String name = resource.substring(resource.lastIndexOf('/') + 1).replaceFirst("\\.so$", "");
            Path file = Files.createTempFile(name + "-", ".so");
            try {
                Files.copy(library, file, StandardCopyOption.REPLACE_EXISTING);
                System.load(file.toString());
                whileOnDisk.run();
            } finally {
                Files.deleteIfExists(file); // mapped by now, if loaded; nothing is left behind if the JVM is killed
            }
            return true;
        }
    }

    /**
     * The path of the shared library called {@code fileName} (e.g. {@code libtorch_cpu.so}) that this process has
     * loaded, from {@code /proc/self/maps}; null if none, or where there is no {@code /proc}.
     */
    public static Path loaded(String fileName) throws IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.endsWith("/" + fileName))
                    .findFirst().map(Path::of).orElse(null);
        }
    }
}
