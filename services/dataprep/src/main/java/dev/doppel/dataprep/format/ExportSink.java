package dev.doppel.dataprep.format;

import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.Document;
import dev.doppel.dataprep.Example;

/**
 * Where a parser puts what it reads, as it reads it. A format produces one kind: chat exports whole
 * conversations, mail single messages (threaded later from Message-ID / In-Reply-To / References,
 * since a thread may span files of a zip), JSONL and CSV ready-made pairs, plain text documents.
 */
public interface ExportSink {
    void conversation(Conversation conversation);

    /** One mail; {@code source} names the file (and mbox message number) it came from. */
    void mail(ChatMessage mail, String source);

    void example(Example example);

    void document(Document document);

    /**
     * Something the export holds that is not a person's words (a system line, a service message,
     * an attachment placeholder, a spam-free empty mail): counted in the report by {@code kind}.
     */
    void skipped(String kind);
}
