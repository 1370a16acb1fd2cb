package dev.doppel.dataprep.format.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OwnWordsTest {
    @Test
    void topPostedReplyAboveOriginalMessage() {
        assertEquals("Yes, Thursday is fine.", OwnWords.clean("""
                Yes, Thursday is fine.

                -----Original Message-----
                From: Alice [mailto:alice@example.org]
                Sent: Tuesday, September 03, 2002 3:01 PM
                Subject: meeting

                Does Thursday work?
                """));
    }

    @Test
    void bottomPostedBelowOriginalMessageKeepsTheAnswersBetweenQuotes() {
        assertEquals("Agreed.", OwnWords.clean("""
                -----Original Message-----
                From: Alice [mailto:alice@example.org]
                Sent: Tuesday, September 03, 2002 3:01 PM

                Alice wrote:
                > Let's ship on Friday.

                Agreed.
                """));
        // nothing quoted below the marker: all of it is the original
        assertEquals("", OwnWords.clean("""
                ----- Original Message -----
                From: Alice
                Sent: Tuesday, September 03, 2002 3:01 PM

                Let's ship on Friday.
                """));
    }

    @Test
    void yahooGroupsQuoteAndSponsorFooter() {
        assertEquals("I agree with that.", OwnWords.clean("""
                I agree with that.

                --- In forteana@yahoogroups.com, "D.McMann" <dmcmann@example.com> wrote:
                The government says so.

                ------------------------ Yahoo! Groups Sponsor ---------------------~-->
                4 DVDs Free +s&p Join Now
                """));
        assertEquals("Rob", OwnWords.clean("""
                --- In forteana@y..., "D.McMann" <dmcmann@b...> wrote:
                > Robert Moaby, 33, was jailed.

                Rob

                ------------------------ Yahoo! Groups Sponsor ---------------------~-->
                To unsubscribe from this group, send an email to:
                """));
    }

    @Test
    void attributionsInTheirCommonShapes() {
        String quoted = "\n> quoted\n\nmine\n";
        assertEquals("mine", OwnWords.clean("On Tue, 3 Sep 2002, Alice wrote:" + quoted));
        assertEquals("mine", OwnWords.clean("Alice <a@b.example> writes:" + quoted));
        assertEquals("mine", OwnWords.clean("On Tue, Sep 03, 2002 at 03:01:00PM -0700, Alice Smith\n<alice@example.org> wrote:" + quoted));
        assertEquals("mine", OwnWords.clean("Am 03.09.2002 15:01 schrieb Alice:" + quoted));
        // "wrote:" in the person's own text, with no quote after it, stays
        assertEquals("Here is what I wrote:\nthe plan", OwnWords.clean("Here is what I wrote:\nthe plan\n"));
    }

    @Test
    void signaturesFootersAndBlankRuns() {
        assertEquals("text\n\nmore", OwnWords.clean("text\n\n\n\n   \nmore   \n-- \nAlice\n+1 555 0100\n"));
        assertEquals("text", OwnWords.clean("text\n--\nAlice\n"));
        assertEquals("text", OwnWords.clean("""
                text

                -------------------------------------------------------
                This sf.net email is sponsored by: ThinkGeek
                _______________________________________________
                Spamassassin-talk mailing list
                """));
        assertEquals("text", OwnWords.clean("text\r\n\r\nTo unsubscribe: send mail to majordomo@FreeBSD.org\r\nwith \"unsubscribe freebsd-ports\"\r\n"));
        // a separator without list information is the person's
        assertEquals("a\n__________\nb", OwnWords.clean("a\n__________\nb\n"));
    }

    @Test
    void forwardedMessageIsNotThePersonsWords() {
        assertEquals("FYI", OwnWords.clean("FYI\n\n---------- Forwarded message ----------\nFrom: x\n\nbody\n"));
        assertEquals("see below", OwnWords.clean("see below\n\nBegin forwarded message:\n\nFrom: x\nbody\n"));
    }
}
