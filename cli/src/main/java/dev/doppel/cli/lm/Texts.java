package dev.doppel.cli.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.lm.Example;
import dev.doppel.lm.ExamplesJsonl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files the lm commands read. A corpus is {@code .jsonl} with one {@code {"text": ...}} document per line,
 * or any other file as one plain-text document. Chat pairs are the prompt/completion JSONL the platform ingests.
 */
final class Texts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Texts() {
    }

    static List<String> documents(List<Path> files) throws IOException {
        List<String> documents = new ArrayList<>();
        for (Path file : files) {
            if (!file.getFileName().toString().endsWith(".jsonl")) {
                documents.add(Files.readString(file, StandardCharsets.UTF_8));
                continue;
            }
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int number = 0;
                while ((line = reader.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node;
                    try {
                        node = JSON.readTree(line);
                    } catch (IOException e) {
                        throw new IOException(file + " line " + number + ": not JSON: " + e.getMessage(), e);
                    }
                    if (!node.path("text").isTextual()) {
                        throw new IOException(file + " line " + number + ": field \"text\" is missing or not a string");
                    }
                    documents.add(node.path("text").asText());
                }
            }
        }
        if (documents.isEmpty()) {
            throw new IOException("no documents in " + files);
        }
        return documents;
    }

    static List<Example> pairs(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ExamplesJsonl.read(in);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Whether a JSONL file holds chat pairs (a "prompt" field on its first record) rather than documents. */
    static boolean holdsPairs(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(".jsonl")) {
            return false;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    return JSON.readTree(line).has("prompt");
                }
            }
        }
        return false;
    }

    /**
     * A file to score, read once: chat pairs (replies are scored) or corpus documents (every token is), with the
     * characters a corpus evaluation predicts.
     */
    record HeldOut(List<Example> pairs, List<String> documents) {

        static HeldOut read(Path file) throws IOException {
            return holdsPairs(file) ? new HeldOut(Texts.pairs(file), null) : new HeldOut(null, Texts.documents(List.of(file)));
        }

        boolean isPairs() {
            return pairs != null;
        }

        /** Characters of a corpus, null for chat pairs (nats per character compares corpora only). */
        Long characters() {
            return isPairs() ? null : Texts.characters(documents);
        }
    }

    /** Characters a corpus evaluation predicts: every document's, plus one per document for its end-of-turn token. */
    static long characters(List<String> documents) {
        return documents.stream().mapToLong(d -> d.codePointCount(0, d.length()) + 1L).sum();
    }
}
