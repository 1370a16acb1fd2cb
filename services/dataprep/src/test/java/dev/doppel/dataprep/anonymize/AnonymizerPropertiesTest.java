package dev.doppel.dataprep.anonymize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** For random prose with random e-mails, phone numbers and card numbers in it, none of them survives. */
class AnonymizerPropertiesTest {
    private static final byte[] SECRET = "a tenant's secret of 32 bytes...".getBytes(StandardCharsets.UTF_8);
    private static final Pattern PSEUDONYM = Pattern.compile("<[A-Z_]+_[0-9]+>");

    @Property(tries = 1000)
    void noEmbeddedOriginalSurvives(@ForAll("textsWithPii") List<String> tokens) {
        String text = String.join("", tokens);
        String anonymized = new Anonymizer(EnumSet.allOf(PiiClass.class), new Pseudonyms(SECRET)).anonymize(text);
        String rest = PSEUDONYM.matcher(anonymized).replaceAll(" ");
        // the prose holds neither digits nor '@': whatever of them is left came from an original
        assertFalse(rest.chars().anyMatch(c -> Character.isDigit(c) || c == '@'),
                () -> "leaked from\n" + text + "\ninto\n" + anonymized);
    }

    @Property(tries = 300)
    void anonymizingTwiceChangesNothingMore(@ForAll("textsWithPii") List<String> tokens) {
        Anonymizer anonymizer = new Anonymizer(EnumSet.allOf(PiiClass.class), new Pseudonyms(SECRET));
        String once = anonymizer.anonymize(String.join("", tokens));
        assertEquals(once, anonymizer.anonymize(once));
    }

    @Property(tries = 300)
    void aLuhnValidCardIsACardHoweverItIsWritten(@ForAll("cards") String card) {
        String anonymized = new Anonymizer(EnumSet.allOf(PiiClass.class), new Pseudonyms(SECRET))
                .anonymize("pay with " + card + " today");
        assertTrue(anonymized.equals("pay with <CREDIT_CARD_1> today"), anonymized);
    }

    @Provide
    Arbitrary<List<String>> textsWithPii() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').withChars("ÄéßЖ中").ofMinLength(1).ofMaxLength(9);
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(8, word), Tuple.of(1, emails()),
                Tuple.of(1, phones()), Tuple.of(1, cards()));
        Arbitrary<String> separator = Arbitraries.of(" ", " ", " ", ", ", ". ", "\n", " (", ") ", ": ", "; ", "\n> ");
        return Combinators.combine(piece, separator).as(String::concat).list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<String> cards() {
        Arbitrary<String> separator = Arbitraries.of("", " ", "-");
        return Combinators.combine(Arbitraries.strings().numeric().ofLength(15), separator).as((body, sep) -> {
            String digits = body + luhnCheckDigit(body);
            return String.join(sep, digits.substring(0, 4), digits.substring(4, 8), digits.substring(8, 12),
                    digits.substring(12));
        });
    }

    private Arbitrary<String> emails() {
        Arbitrary<String> local = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("._+-")
                .ofMinLength(1).ofMaxLength(12).filter(s -> Character.isLetterOrDigit(s.charAt(0))
                        && Character.isLetterOrDigit(s.charAt(s.length() - 1)));
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> tld = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(6);
        return Combinators.combine(local, label.list().ofMinSize(1).ofMaxSize(3), tld)
                .as((l, labels, t) -> l + "@" + String.join(".", labels) + "." + t);
    }

    private Arbitrary<String> phones() {
        Arbitrary<String> d3 = Arbitraries.strings().numeric().ofLength(3);
        Arbitrary<String> d4 = Arbitraries.strings().numeric().ofLength(4);
        Arbitrary<String> cc = Arbitraries.integers().between(1, 998).map(String::valueOf);
        Arbitrary<Integer> format = Arbitraries.integers().between(0, 6);
        return Combinators.combine(format, cc, d3, d3, d4).as((f, c, a, b, n) -> switch (f) {
            case 0 -> "+" + c + " " + a + " " + b + " " + n;
            case 1 -> "(" + a + ") " + b + "-" + n;
            case 2 -> a + "-" + b + "-" + n;
            case 3 -> a + "." + b + "." + n;
            case 4 -> "0" + a + " " + b + " " + n;
            case 5 -> "+" + c + "-800-" + b + "-" + n;
            default -> "+" + c + a + b + n;
        });
    }

    private static int luhnCheckDigit(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int digit = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                digit *= 2;
                digit = digit > 9 ? digit - 9 : digit;
            }
            sum += digit;
        }
        return (10 - sum % 10) % 10;
    }
}
