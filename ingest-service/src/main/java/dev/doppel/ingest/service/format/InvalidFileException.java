package dev.doppel.ingest.service.format;

/**
 * An uploaded file that cannot become a dataset. The message is written for the file's owner
 * (it names the line and field at fault); {@code param} is where, as OpenAI's error {@code param}:
 * {@code <filename>:<line>}, or the name of the field or setting at fault.
 */
public class InvalidFileException extends Exception {
    private final String param;

    public InvalidFileException(String message, String param) {
        super(message);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
