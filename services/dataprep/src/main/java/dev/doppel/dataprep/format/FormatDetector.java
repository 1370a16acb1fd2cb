package dev.doppel.dataprep.format;

/** Placeholder until auto-detection lands: guesses a format from a file's name and first bytes. */
public final class FormatDetector {
    private FormatDetector() {
    }

    /**
     * The format of a file from its name and its first bytes ({@code head}, up to 64 KiB).
     *
     * @throws dev.doppel.dataprep.InvalidInputException when nothing matches, naming the file
     */
    public static Format detect(String fileName, byte[] head) throws dev.doppel.dataprep.InvalidInputException {
        throw new UnsupportedOperationException("detection is not implemented yet");
    }
}
