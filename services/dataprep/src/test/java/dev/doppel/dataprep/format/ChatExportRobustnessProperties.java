package dev.doppel.dataprep.format;

import static org.junit.jupiter.api.Assertions.fail;

import dev.doppel.dataprep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** Damaged uploads (cut short, bytes overwritten) either still parse or are refused with a location. */
class ChatExportRobustnessProperties {
    private static final List<String> FIXTURES = List.of(
            "whatsapp/WhatsApp Chat with Anna Müller.txt",
            "whatsapp/WhatsApp Chat - Weekend Crew/_chat.txt",
            "telegram/full/result.json",
            "messenger/messages/inbox/zoebrightwell_k3j2h1g0f9/message_1.json");

    @Property(tries = 400, edgeCases = EdgeCasesMode.MIXIN)
    void damagedFixturesFailOnlyWithALocatedError(@ForAll("fixtures") String fixture,
                                                  @ForAll @IntRange(min = 0, max = 100) int keepPercent,
                                                  @ForAll("damage") List<Tuple.Tuple2<Integer, Byte>> damage) {
        byte[] bytes = read(fixture);
        bytes = Arrays.copyOf(bytes, bytes.length * keepPercent / 100);
        for (var hit : damage) {
            if (bytes.length > 0) {
                bytes[Math.floorMod(hit.get1(), bytes.length)] = hit.get2();
            }
        }
        ExportParser parser = fixture.startsWith("whatsapp") ? new WhatsAppParser()
                : fixture.startsWith("telegram") ? new TelegramParser() : new MessengerParser();
        try {
            ChatFixtures.parse(parser, fixture, bytes);
        } catch (InvalidInputException e) {
            if (e.location() == null || !e.location().startsWith(fixture)) {
                fail("no location in: " + e.getMessage());
            }
        } catch (Exception | Error e) {
            throw new AssertionError("a damaged upload must be refused with InvalidInputException, got " + e, e);
        }
    }

    @Provide
    Arbitrary<String> fixtures() {
        return Arbitraries.of(FIXTURES);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, Byte>>> damage() {
        Arbitrary<Byte> interesting = Arbitraries.of((byte) '"', (byte) '{', (byte) '}', (byte) '[', (byte) ']',
                (byte) ',', (byte) ':', (byte) '\n', (byte) '9', (byte) '/', (byte) 0xC3, (byte) 0xFF, (byte) 0);
        return Arbitraries.integers().greaterOrEqual(0).flatMap(at -> Arbitraries.oneOf(interesting,
                Arbitraries.bytes()).map(b -> Tuple.of(at, b))).list().ofMaxSize(4);
    }

    private static byte[] read(String fixture) {
        try (InputStream in = ChatFixtures.open(fixture)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
