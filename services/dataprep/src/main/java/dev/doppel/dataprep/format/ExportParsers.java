package dev.doppel.dataprep.format;

import dev.doppel.dataprep.format.mail.EmlParser;
import dev.doppel.dataprep.format.mail.MboxParser;

/** The parser of each format. */
public final class ExportParsers {
    private ExportParsers() {
    }

    public static ExportParser of(Format format) {
        return switch (format) {
            case OPENAI_PROMPT_COMPLETION -> new PromptCompletionJsonlParser();
            case OPENAI_CHAT -> new ChatJsonlParser();
            case CSV, TSV -> new DelimitedParser(format);
            case WHATSAPP -> new WhatsAppParser();
            case TELEGRAM -> new TelegramParser();
            case MESSENGER -> new MessengerParser();
            case MBOX -> new MboxParser();
            case EML -> new EmlParser();
            case TEXT -> new PlainTextParser();
            case ZIP -> new ZipParser();
        };
    }
}
