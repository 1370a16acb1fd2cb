package dev.doppel.dataprep.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.doppel.dataprep.ChatMessage;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever people write, as WhatsApp writes it, comes back as they wrote it. */
class WhatsAppRoundTripProperties {
    private static final DateTimeFormatter ANDROID_DAY_FIRST = DateTimeFormatter.ofPattern("dd/MM/yyyy, HH:mm",
            Locale.ROOT);
    private static final DateTimeFormatter IOS_MONTH_FIRST = DateTimeFormatter.ofPattern("M/d/yy, h:mm:ss\u202Fa",
            Locale.US);

    record Written(String sender, LocalDateTime at, String text) {
    }

    @Property(tries = 200)
    void androidDayFirstMessagesSurvive(@ForAll("messages") @Size(min = 1, max = 20) List<Written> written)
            throws Exception {
        List<Written> chat = chronological(written);
        var file = new StringBuilder();
        for (Written w : chat) {
            file.append(ANDROID_DAY_FIRST.format(w.at())).append(" - ").append(w.sender()).append(": ")
                    .append(w.text()).append('\n');
        }

        assertSurvives(chat, file.toString(), false);
    }

    @Property(tries = 200)
    void iosMonthFirstMessagesSurviveWhenADayAbove12ShowsTheOrder(
            @ForAll("messages") @Size(min = 1, max = 20) List<Written> written) throws Exception {
        Assume.that(written.stream().anyMatch(w -> w.at().getDayOfMonth() > 12));
        List<Written> chat = chronological(written);
        var file = new StringBuilder();
        for (Written w : chat) {
            file.append('[').append(IOS_MONTH_FIRST.format(w.at())).append("] ").append(w.sender()).append(": ")
                    .append(w.text()).append('\n');
        }

        assertSurvives(chat, file.toString(), true);
    }

    private static void assertSurvives(List<Written> chat, String file, boolean withSeconds) throws Exception {
        List<ChatMessage> read = ChatFixtures.single(ChatFixtures.parse(new WhatsAppParser(), "_chat.txt", file))
                .messages();
        assertEquals(chat.size(), read.size());
        for (int i = 0; i < chat.size(); i++) {
            Written w = chat.get(i);
            LocalDateTime at = withSeconds ? w.at() : w.at().withSecond(0);
            assertEquals(w.sender(), read.get(i).sender());
            assertEquals(at.toInstant(ZoneOffset.UTC), read.get(i).sentAt());
            assertEquals(w.text(), read.get(i).text());
        }
    }

    private static List<Written> chronological(List<Written> written) {
        return written.stream().sorted(Comparator.comparing(Written::at)).toList();
    }

    @Provide
    Arbitrary<List<Written>> messages() {
        Arbitrary<String> sender = Arbitraries.of("Anna Müller", "Tom", "李雷", "Zoë O'Brien", "+49 170 1234567");
        Arbitrary<LocalDateTime> at = Arbitraries.longs().between(0, 20L * 365 * 86_400)
                .map(s -> LocalDateTime.of(2010, 1, 1, 0, 0).plusSeconds(s));
        return Combinators.combine(sender, at, text()).as(Written::new).list();
    }

    /**
     * Lines that start and end with a word: a digit or "[" first could look like the next message's
     * header, and trailing blanks are not kept. Whole tokens, so that no emoji is cut in half.
     */
    private static Arbitrary<String> text() {
        Arbitrary<String> word = Arbitraries.of("a", "Hallo", "xyz", "é", "Straße", "東京", "😂", "👍🏽", "мир");
        Arbitrary<String> any = Arbitraries.of("a", "xyz", " ", "  ", "\t", "0", "12", ":", ": ", "-", " - ", "[", "]",
                "/", ".", ",", "!", "?", "'", "\"", "<", ">", "é", "ß", "東京", "😂", "👍🏽", "\u200E");
        Arbitrary<String> line = Combinators.combine(word, any.list().ofMaxSize(12), word)
                .as((first, middle, last) -> first + String.join("", middle) + last);
        return line.list().ofMinSize(1).ofMaxSize(4).map(lines -> String.join("\n", lines));
    }
}
