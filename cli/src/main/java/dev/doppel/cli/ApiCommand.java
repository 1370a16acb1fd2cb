package dev.doppel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that calls the running gateway: its options, and output through picocli's writers so that a test can
 * capture it. Failures are thrown; {@link Main}'s handler prints them as {@link CliErrors} describes them.
 */
public abstract class ApiCommand implements Callable<Integer> {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Mixin
    protected GatewayOptions api;

    @Spec
    protected CommandSpec spec;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    public void println(String line) {
        out().println(line);
        out().flush();
    }

    /** Lines to standard output, flushed each time (they report progress). */
    public java.util.function.Consumer<String> printer() {
        return this::println;
    }

    public PrintWriter writer() {
        return out();
    }

    protected void printJson(JsonNode json) throws Exception {
        println(PRETTY.writeValueAsString(json));
    }

    /** The API's object as JSON with {@code --json}, else the one line {@code line} makes of it. */
    protected void printObject(JsonNode object, Function<JsonNode, String> line) throws Exception {
        if (api.json) {
            printJson(object);
        } else {
            println(line.apply(object));
        }
    }

    /** A list envelope as JSON with {@code --json}; else a line per item, or {@code empty} when there is none. */
    protected void printList(JsonNode list, String empty, Function<JsonNode, String> line) throws Exception {
        if (api.json) {
            printJson(list);
        } else if (list.path("data").isEmpty()) {
            println(empty);
        } else {
            list.path("data").forEach(item -> println(line.apply(item)));
        }
    }

    /** Unix seconds as local time; {@code -} for null. */
    public static String time(JsonNode unixSeconds) {
        return unixSeconds.isNumber()
                ? TIME.format(Instant.ofEpochSecond(unixSeconds.asLong()).atZone(ZoneId.systemDefault())) : "-";
    }

    public static String text(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "-" : value.asText();
    }
}
