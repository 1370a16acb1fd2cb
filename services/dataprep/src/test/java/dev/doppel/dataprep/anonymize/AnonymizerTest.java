package dev.doppel.dataprep.anonymize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Consistency, counts, names, configuration and idempotence. */
class AnonymizerTest {
    private static final byte[] SECRET = "a tenant's secret of 32 bytes...".getBytes(StandardCharsets.UTF_8);

    private static Anonymizer all(Pseudonyms pseudonyms) {
        return new Anonymizer(EnumSet.allOf(PiiClass.class), pseudonyms);
    }

    @Test
    void theSameOriginalGetsTheSamePseudonymAcrossCallsAndSpellings() {
        Anonymizer anonymizer = all(new Pseudonyms(SECRET));
        assertEquals("<EMAIL_1> <EMAIL_2>", anonymizer.anonymize("alice@example.com bob@example.com"));
        assertEquals("<EMAIL_2> wrote to <EMAIL_1>", anonymizer.anonymize("BOB@Example.com wrote to Alice@EXAMPLE.com"));
        assertEquals("<PHONE_1>, <PHONE_1>, <PHONE_1>",
                anonymizer.anonymize("555-123-4567, 555.123.4567, (555) 123-4567"));
        assertEquals("<PHONE_2>, <PHONE_3>, <PHONE_2>",
                anonymizer.anonymize("+1 555 123 4567, +44 20 7946 0958, 001 555 123 4567"));
        assertEquals("<URL_1> <URL_1> <URL_2>",
                anonymizer.anonymize("https://example.com/a https://example.com/a/ https://example.com/b"));
    }

    @Test
    void numberingContinuesAfterRestoreAndKnownOriginalsKeepTheirNumbers() {
        Pseudonyms first = new Pseudonyms(SECRET);
        all(first).anonymize("alice@example.com bob@example.com 555-123-4567");
        Pseudonyms restored = Pseudonyms.restore(SECRET, first.entries());
        assertEquals("<EMAIL_3> <EMAIL_2> <PHONE_2> <PHONE_1>",
                all(restored).anonymize("carol@example.com bob@example.com +44 20 7946 0958 555.123.4567"));
    }

    @Test
    void theTableHoldsDigestsNotOriginals() {
        Pseudonyms pseudonyms = new Pseudonyms(SECRET);
        all(pseudonyms).anonymize("alice@example.com 555-123-4567 Alice");
        String table = pseudonyms.entries().toString();
        for (String original : List.of("alice", "example", "5551234567", "555-123-4567")) {
            assertEquals(-1, table.indexOf(original), table);
        }
        assertEquals(2, pseudonyms.entries().size());
    }

    @Test
    void anotherTenantsSecretGivesOtherDigests() {
        Pseudonyms one = new Pseudonyms(SECRET);
        Pseudonyms other = new Pseudonyms("another tenant's secret, 32 byte".getBytes(StandardCharsets.UTF_8));
        one.pseudonym(PiiClass.EMAIL, "alice@example.com");
        other.pseudonym(PiiClass.EMAIL, "alice@example.com");
        assertEquals(1, one.entries().size());
        assertEquals(false, one.entries().keySet().equals(other.entries().keySet()));
    }

    @Test
    void countsReplacementsPerClass() {
        Anonymizer anonymizer = all(new Pseudonyms(SECRET));
        anonymizer.addPersonNames(List.of("Alice Smith"));
        anonymizer.anonymize("Alice Smith <alice@example.com>, 555-123-4567, https://x.example/ 10.1.2.3");
        anonymizer.anonymize("alice@example.com again, and Alice. Card 4111 1111 1111 1111, IBAN DE89370400440532013000");
        Map<PiiClass, Integer> counts = anonymizer.replacements();
        assertEquals(Map.of(PiiClass.EMAIL, 2, PiiClass.PHONE, 1, PiiClass.URL, 1, PiiClass.IP, 1,
                PiiClass.CREDIT_CARD, 1, PiiClass.IBAN, 1, PiiClass.PERSON, 2), counts);
    }

    @Test
    void onlyEnabledClassesAreReplacedAndDisabledOnesStayWhole() {
        Anonymizer phonesOnly = new Anonymizer(EnumSet.of(PiiClass.PHONE), new Pseudonyms(SECRET));
        phonesOnly.addPersonNames(List.of("Alice Smith"));
        assertEquals("Alice wrote from alice@www.example.com: call <PHONE_1>",
                phonesOnly.anonymize("Alice wrote from alice@www.example.com: call 555-123-4567"));
        assertEquals(1, phonesOnly.replacements().get(PiiClass.PHONE));
        assertEquals(0, phonesOnly.replacements().get(PiiClass.EMAIL));
        assertEquals("Alice Smith", phonesOnly.person("Alice Smith"));

        Anonymizer none = new Anonymizer(EnumSet.noneOf(PiiClass.class), new Pseudonyms(SECRET));
        String text = "alice@example.com 555-123-4567";
        assertSame(text, none.anonymize(text));
    }

    @Test
    void participantNamesAreFoundWholeWordLongestFirst() {
        Anonymizer anonymizer = all(new Pseudonyms(SECRET));
        anonymizer.addPersonNames(List.of("Alice Smith", "Bob O'Brien", "Jean-Luc Picard", "Al Li"));
        assertEquals("<PERSON_1> and alice, <PERSON_1>'s dog, <PERSON_1>!",
                anonymizer.anonymize("Alice Smith and alice, SMITH's dog, ALICE SMITH!"),
                "one word of a name only when capitalized, a whole name in any case");
        assertEquals("Malice, Smithers, alices", anonymizer.anonymize("Malice, Smithers, alices"));
        assertEquals("<PERSON_2> said <PERSON_2>; <PERSON_3> or <PERSON_3>",
                anonymizer.anonymize("Bob O'Brien said O'Brien; Jean-Luc Picard or jean-luc"));
        // a full name is always found; its parts only from three letters on
        assertEquals("<PERSON_4>, Al and Li", anonymizer.anonymize("Al Li, Al and Li"));
        assertEquals("<PERSON_1>", anonymizer.person("alice  smith"));
        anonymizer.addPersonNames(List.of("Will Turner", "Global Markets"));
        assertEquals("Will you ask <PERSON_5>? Global stocks", anonymizer.anonymize("Will you ask Turner? Global stocks"),
                "common words are no names on their own");
        assertEquals("<PERSON_5> and <PERSON_6>", anonymizer.anonymize("will turner and Global Markets"));
        assertEquals("<PERSON_1>", anonymizer.person("Alice"));
    }

    @Test
    void aNamePartSharedByTwoParticipantsIsItsOwnName() {
        Anonymizer anonymizer = all(new Pseudonyms(SECRET));
        anonymizer.addPersonNames(List.of("Alice Smith", "Alice Jones"));
        assertEquals("<PERSON_1>, <PERSON_2>, <PERSON_3>, <PERSON_2>",
                anonymizer.anonymize("Alice Smith, Alice Jones, Alice, Jones"));
        assertEquals("<PERSON_2>", anonymizer.person("Alice Jones"));
        assertEquals("<PERSON_3>", anonymizer.person("alice"));
    }

    @Test
    void anonymizingTwiceChangesNothingMore() {
        Anonymizer anonymizer = all(new Pseudonyms(SECRET));
        anonymizer.addPersonNames(List.of("Email Person", "Alice"));
        String once = anonymizer.anonymize("Alice <alice@example.com> +44 20 7946 0958 at http://x.example/y, "
                + "Email Person 10.0.0.1 fe80::1 4111 1111 1111 1111 GB82 WEST 1234 5698 7654 32 <EMAIL_7> <PERSON_12>");
        assertEquals(once, anonymizer.anonymize(once));
        assertEquals(true, once.endsWith("<EMAIL_7> <PERSON_12>"), once);
    }

    @Test
    void emptyAndNullTextComeBackAsTheyAre() {
        Anonymizer anonymizer = all(new Pseudonyms(SECRET));
        assertEquals("", anonymizer.anonymize(""));
        assertEquals(null, anonymizer.anonymize(null));
    }
}
