package dev.doppel.dataprep.format;

import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.Document;
import dev.doppel.dataprep.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An {@link ExportSink} that keeps everything: what the pipeline and the tests read back. */
public final class ParsedExport implements ExportSink {
    /** A mail and the file it came from. */
    public record SourcedMail(ChatMessage mail, String source) {
    }

    private final List<Conversation> conversations = new ArrayList<>();
    private final List<SourcedMail> mails = new ArrayList<>();
    private final List<Example> examples = new ArrayList<>();
    private final List<Document> documents = new ArrayList<>();
    private final Map<String, Integer> skipped = new TreeMap<>();

    @Override
    public void conversation(Conversation conversation) {
        conversations.add(conversation);
    }

    @Override
    public void mail(ChatMessage mail, String source) {
        mails.add(new SourcedMail(mail, source));
    }

    @Override
    public void example(Example example) {
        examples.add(example);
    }

    @Override
    public void document(Document document) {
        documents.add(document);
    }

    @Override
    public void skipped(String kind) {
        skipped.merge(kind, 1, Integer::sum);
    }

    public List<Conversation> conversations() {
        return conversations;
    }

    public List<SourcedMail> mails() {
        return mails;
    }

    public List<Example> examples() {
        return examples;
    }

    public List<Document> documents() {
        return documents;
    }

    /** Skipped items by kind, e.g. {@code {"system": 3, "media": 12}}. */
    public Map<String, Integer> skipped() {
        return skipped;
    }
}
