package dev.doppel.dataprep.format.mail;

import dev.doppel.dataprep.Conversation;
import dev.doppel.dataprep.format.ParsedExport;
import java.util.List;

/** Placeholder until mail threading lands: groups mails into threads by Message-ID / In-Reply-To / References. */
public final class MailThreads {
    private MailThreads() {
    }

    public static List<Conversation> group(List<ParsedExport.SourcedMail> mails) {
        throw new UnsupportedOperationException("mail threading is not implemented yet");
    }
}
