package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties over random Unicode text (jqwik 1.9.3, which runs on the JUnit Platform 6 that the Quarkus BOM
 * brings): lossless round trips, no specials from text, and GPT-2 ids identical to jtokkit's.
 */
class BpeRoundTripPropertyTest {

    private static final BpeTokenizer GPT2 = BpeTokenizer.gpt2();
    private static final Encoding JTOKKIT_R50K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);

    @Provide
    Arbitrary<String> text() {
        return BpeUnicodeStrings.anyText();
    }

    @Property(tries = 3000)
    void trainedVocabularyRoundTripsAnyText(@ForAll("text") String text) {
        assertRoundTripWithoutSpecials(BpeTestTexts.trained(), text);
    }

    @Property(tries = 3000)
    void gpt2VocabularyRoundTripsAnyText(@ForAll("text") String text) {
        assertRoundTripWithoutSpecials(GPT2, text);
    }

    @Property(tries = 3000)
    void gpt2IdsEqualJtokkit(@ForAll("text") String text) {
        assertArrayEquals(JTOKKIT_R50K.encodeOrdinary(text).toArray(), GPT2.encode(text));
    }

    private static void assertRoundTripWithoutSpecials(BpeTokenizer tokenizer, String text) {
        int[] ids = tokenizer.encode(text);
        assertEquals(text, tokenizer.decode(ids));
        for (int id : ids) {
            assertTrue(id >= 0 && id < tokenizer.userToken() && !tokenizer.namedTokens().containsKey(id),
                    "id " + id + " is special or named");
        }
    }
}
