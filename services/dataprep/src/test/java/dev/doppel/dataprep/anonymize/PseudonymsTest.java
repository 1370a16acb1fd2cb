package dev.doppel.dataprep.anonymize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PseudonymsTest {
    private static final byte[] SECRET = "a tenant's secret of 32 bytes...".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "EMAIL|Alice@Example.COM|alice@example.com",
        "PHONE|(555) 123-4567|5551234567",
        "PHONE|555.123.4567|5551234567",
        "PHONE|+1 555 123 4567|+15551234567",
        "PHONE|001 555 123 4567|+15551234567",
        "URL|https://example.com/a/|https://example.com/a",
        "CREDIT_CARD|4111-1111 1111 1111|4111111111111111",
        "IBAN|gb82 west 1234 5698 7654 32|GB82WEST12345698765432",
        "IP|FE80::1|fe80::1",
        "PERSON|  Alice   SMITH |alice smith",
    })
    void normalizesPerClass(PiiClass kind, String original, String normalized) {
        assertEquals(normalized, Pseudonyms.normalize(kind, original));
    }

    @Test
    void numbersCountUpPerClassInOrderOfFirstAppearance() {
        Pseudonyms pseudonyms = new Pseudonyms(SECRET);
        assertEquals("<EMAIL_1>", pseudonyms.pseudonym(PiiClass.EMAIL, "a@example.com"));
        assertEquals("<PHONE_1>", pseudonyms.pseudonym(PiiClass.PHONE, "555-123-4567"));
        assertEquals("<EMAIL_2>", pseudonyms.pseudonym(PiiClass.EMAIL, "b@example.com"));
        assertEquals("<EMAIL_1>", pseudonyms.pseudonym(PiiClass.EMAIL, "A@EXAMPLE.COM"));
        // the same text in two classes is two originals
        assertEquals("<PERSON_1>", pseudonyms.pseudonym(PiiClass.PERSON, "a@example.com"));
    }

    @Test
    void entriesAreClassTaggedHmacDigests() {
        Pseudonyms pseudonyms = new Pseudonyms(SECRET);
        pseudonyms.pseudonym(PiiClass.EMAIL, "alice@example.com");
        Map.Entry<String, Integer> entry = pseudonyms.entries().entrySet().iterator().next();
        assertTrue(entry.getKey().matches("EMAIL:[0-9a-f]{64}"), entry.getKey());
        assertEquals(1, entry.getValue());
    }

    @Test
    void restoreContinuesEachClassAfterItsHighestNumber() {
        Pseudonyms first = new Pseudonyms(SECRET);
        first.pseudonym(PiiClass.EMAIL, "a@example.com");
        first.pseudonym(PiiClass.EMAIL, "b@example.com");
        first.pseudonym(PiiClass.PHONE, "555-123-4567");
        Pseudonyms restored = Pseudonyms.restore(SECRET, first.entries());
        assertEquals("<EMAIL_2>", restored.pseudonym(PiiClass.EMAIL, "b@example.com"));
        assertEquals("<EMAIL_3>", restored.pseudonym(PiiClass.EMAIL, "c@example.com"));
        assertEquals("<PHONE_2>", restored.pseudonym(PiiClass.PHONE, "555-987-6543"));
        assertEquals("<URL_1>", restored.pseudonym(PiiClass.URL, "https://example.com"));
        assertEquals(first.entries().size() + 3, restored.entries().size());
    }

    @Test
    void restoreWithAnotherSecretFindsNothingKnown() {
        Pseudonyms first = new Pseudonyms(SECRET);
        first.pseudonym(PiiClass.EMAIL, "a@example.com");
        Pseudonyms wrongSecret = Pseudonyms.restore(
                "not the tenant's secret, 32 byte".getBytes(StandardCharsets.UTF_8), first.entries());
        assertEquals("<EMAIL_2>", wrongSecret.pseudonym(PiiClass.EMAIL, "a@example.com"));
    }

    @Test
    void rejectsBrokenTablesAndShortSecrets() {
        assertThrows(IllegalArgumentException.class, () -> new Pseudonyms(new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> Pseudonyms.restore(SECRET, Map.of("abc", 1)));
        assertThrows(IllegalArgumentException.class, () -> Pseudonyms.restore(SECRET, Map.of("NAME:abc", 1)));
        assertThrows(IllegalArgumentException.class, () -> Pseudonyms.restore(SECRET, Map.of("EMAIL:abc", 0)));
    }

    @Test
    void concurrentCallersGetDistinctConsecutiveNumbers() throws Exception {
        Pseudonyms pseudonyms = new Pseudonyms(SECRET);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> futures = IntStream.range(0, 2000)
                    .mapToObj(i -> pool.submit(() -> pseudonyms.pseudonym(PiiClass.EMAIL, "user" + (i % 500) + "@x.org")))
                    .toList();
            Set<String> distinct = new HashSet<>();
            for (Future<String> future : futures) {
                distinct.add(future.get());
            }
            assertEquals(500, distinct.size());
            assertTrue(distinct.contains("<EMAIL_500>") && !distinct.contains("<EMAIL_501>"));
        } finally {
            pool.shutdownNow();
        }
        assertNotEquals(0, pseudonyms.entries().size());
    }
}
