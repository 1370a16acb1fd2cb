package dev.doppel.dataprep.format.mail;

import dev.doppel.dataprep.ChatMessage;
import dev.doppel.dataprep.format.ExportSink;
import java.time.Instant;
import java.util.List;

/** One RFC 5322 message in bytes → one {@link ChatMessage} of the sender's own words, into a sink. */
final class MailReader {
    private MailReader() {
    }

    /** A read message; {@code subject} is decoded, null when absent. */
    record ReadMail(ChatMessage message, String subject, int attachments) {
    }

    static ReadMail read(byte[] buf, MailHeaders headers, int to) {
        MailAddress from = MailAddress.parse(headers.get(MailHeaders.FROM));
        String subject = EncodedWords.decode(headers.get(MailHeaders.SUBJECT));
        Instant sentAt = MailDate.parse(headers.get(MailHeaders.DATE));
        String messageId = MessageIds.own(headers.get(MailHeaders.MESSAGE_ID));
        List<String> references = MessageIds.all(headers.get(MailHeaders.REFERENCES));
        String inReplyTo = MessageIds.first(headers.get(MailHeaders.IN_REPLY_TO));
        if (inReplyTo == null && !references.isEmpty()) {
            inReplyTo = references.getLast(); // RFC 5322 §3.6.4: the last reference is the parent
        }
        MimeText.Body body = MimeText.of(buf, headers, to);
        String text = OwnWords.clean(body.text());
        ChatMessage message = new ChatMessage(from.senderName(), from.address(), sentAt, text, messageId, inReplyTo,
                references);
        return new ReadMail(message, subject, body.attachments());
    }

    /** Reads the message and hands it on: its attachments as skipped, the mail unless it has no words left. */
    static void emit(byte[] buf, MailHeaders headers, int to, String source, ExportSink sink) {
        ReadMail mail = read(buf, headers, to);
        for (int i = 0; i < mail.attachments(); i++) {
            sink.skipped("attachment");
        }
        if (mail.message().text().isEmpty()) {
            sink.skipped("empty");
        } else {
            sink.mail(mail.message(), source);
        }
    }
}
