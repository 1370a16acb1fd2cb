package dev.doppel.dataprep.format.mail;

import dev.doppel.dataprep.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever bytes arrive, the parsers answer with mails, skips or an InvalidInputException: nothing else. */
class MailParsersPropertiesTest {
    private static final String[] PIECES = {"From: a@example.com\n", "From b Mon Sep  2 09:15:02 2002\n", "\n", "\r\n",
            "Content-Type: multipart/mixed; boundary=\"b\"\n", "Content-Type: multipart/alternative; boundary=b\n",
            "--b\n", "--b--\n", "Content-Transfer-Encoding: base64\n", "Content-Transfer-Encoding: quoted-printable\n",
            "Content-Type: text/html; charset=x-bogus\n", "=?utf-8?B?5p2x?=", "=?iso-8859-1?Q?=E9?=", "=FF=\n", "====",
            "<blockquote>", "&#x1F600;", "&#99999999999;", "<script>", "> quoted\n", "-- \n", ">From x\n",
            "Date: Thu, 22 Aug 2002 18:26:25 +0700\n", "Message-ID: <a@b>\n", "References: <a@b> <c@d>\n",
            "\u00e9\u00ff", "\u4e2d", "\ud83d\ude00", "_______________\nmailman\n"};

    @Provide
    Arbitrary<byte[]> mailish() {
        Arbitrary<String> piece = Arbitraries.of(PIECES);
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(12);
        return Arbitraries.oneOf(piece, piece, noise).list().ofMaxSize(60)
                .map(parts -> String.join("", parts).getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    }

    @Property(tries = 400)
    void emlNeverThrowsAnythingElse(@ForAll("mailish") byte[] bytes) throws Exception {
        parseEml(bytes);
        parseEml(("From: x@example.com\n" + new String(bytes, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Property(tries = 400)
    void mboxNeverThrowsAnythingElse(@ForAll("mailish") byte[] bytes) throws Exception {
        byte[] prefixed = ("From a Mon Sep  2 09:15:02 2002\n" + new String(bytes, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1);
        new MboxParser().parse(new ByteArrayInputStream(prefixed), "p.mbox", new CountingSink());
    }

    @Property(tries = 300)
    void randomBytesNeverThrowAnythingElse(@ForAll("randomBytes") byte[] bytes) throws Exception {
        parseEml(bytes);
        try {
            new MboxParser().parse(new ByteArrayInputStream(bytes), "r.mbox", new CountingSink());
        } catch (InvalidInputException expected) {
            // not an mbox: the answer for a file that is not one
        }
    }

    private static void parseEml(byte[] bytes) throws Exception {
        try {
            new EmlParser().parse(new ByteArrayInputStream(bytes), "p.eml", new CountingSink());
        } catch (InvalidInputException expected) {
            // no header block: the answer for a file that is not a mail
        }
    }
}
