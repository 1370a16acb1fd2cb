package dev.doppel.dataprep;

/**
 * An upload that cannot become data. The message is written for the file's owner and names the place
 * at fault; {@code location} is that place in OpenAI's error {@code param} style:
 * {@code <file>:<line>}, {@code <file>@<byte offset>}, {@code <file>:$.json.path}, or a setting's name.
 */
public class InvalidInputException extends Exception {
    private final String location;

    public InvalidInputException(String message, String location) {
        super(message);
        this.location = location;
    }

    public String location() {
        return location;
    }
}
