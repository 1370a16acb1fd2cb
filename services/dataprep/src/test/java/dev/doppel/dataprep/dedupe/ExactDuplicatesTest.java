package dev.doppel.dataprep.dedupe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExactDuplicatesTest {
    @Test
    void repeatsDifferingOnlyInCaseWhitespaceOrCompatibilityFormsAreDuplicates() {
        ExactDuplicates duplicates = new ExactDuplicates();
        assertTrue(duplicates.firstSeen("Hello  World,\nsee you at the café"));
        assertFalse(duplicates.firstSeen("hello world, see you at the café"));
        assertFalse(duplicates.firstSeen("  HELLO\tWORLD,\r\n  SEE YOU AT THE CAFÉ  "));
        assertFalse(duplicates.firstSeen("Ｈｅｌｌｏ World, see you at the cafe\u0301")); // full-width, decomposed é
        assertFalse(duplicates.firstSeen("Hello\u00A0World, see you at the café"));
        assertTrue(duplicates.firstSeen("Hello World, see you at the cafe"));
        assertEquals(2, duplicates.size());
    }

    @Test
    void emptyAndBlankTextsAreOneText() {
        ExactDuplicates duplicates = new ExactDuplicates();
        assertTrue(duplicates.firstSeen(""));
        assertFalse(duplicates.firstSeen(" \n\t "));
    }

    @Test
    void normalizationFoldsCaseCollapsesWhitespaceAndComposes() {
        assertEquals("fi → fi: straße x", TextNormalizer.normalize("  ﬁ → FI:\n\nStraße   X "));
        assertEquals("xii dž", TextNormalizer.normalize("Ⅻ Ǆ"));
        assertEquals("", TextNormalizer.normalize(" \u2003 "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|0|0|0",
        "abc|0|875283225144872419|8606773463222247467",
        "abc|42|2253737271247177602|7493771029198018197",
        "hello world, 12345|0|-1612733589630056861|7652868485637672516",
        "Grüße, 你好 🙂 and more text past two blocks|42|-7566913585788403791|-1634078997655393137",
    })
    void murmur3MatchesTheReferenceOverUtf16LittleEndianBytes(String text, long seed, long h1, long h2) {
        // expected values: Appleby's MurmurHash3_x64_128 run on text.getBytes(UTF_16LE)
        assertArrayEquals(new long[] {h1, h2}, Murmur3.hash128(text, seed));
    }
}
