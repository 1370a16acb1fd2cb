package dev.doppel.dataprep.format.mail;

import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.Document;
import dev.doppel.dataprep.Example;
import dev.doppel.dataprep.format.ExportSink;

/** Counts what a parser emits and keeps nothing: for long streams, and so the JIT cannot drop the work. */
final class CountingSink implements ExportSink {
    long mails;
    long skipped;
    long chars;

    @Override
    public void mail(ChatMessage mail, String source) {
        mails++;
        chars += mail.text().length();
    }

    @Override
    public void skipped(String kind) {
        skipped++;
    }

    @Override
    public void conversation(Conversation conversation) {
    }

    @Override
    public void example(Example example) {
    }

    @Override
    public void document(Document document) {
    }
}
