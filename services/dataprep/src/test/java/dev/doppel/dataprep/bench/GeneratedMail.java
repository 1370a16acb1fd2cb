package dev.doppel.dataprep.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Mail-like bodies with the personal data mail carries, for when no real corpus is at hand. */
final class GeneratedMail {
    private static final String[] WORDS = ("the of and to a in is it you that he was for on are with as his they be at one"
            + " have this from or had by hot word but what some we can out other were all there when up use your how said"
            + " an each she which do their time if will way about many then them write would like so these her long make"
            + " thing see him two has look more day could go come did number sound no most people my over know water than"
            + " call first who may down side been now find any new work part take get place made live where after back"
            + " little only round man year came show every good me give our under name very through just form sentence")
            .split(" ");
    private static final String[] PII = {
        "alice.smith@example.com", "+44 20 7946 0958", "(555) 123-4567", "https://www.example.org/path?id=42",
        "192.168.1.20", "2002-09-03", "10:30", "version 2.4.18", "$1,299.00", "Alice", "www.spamassassin.org."
    };

    private GeneratedMail() {
    }

    static List<String> texts(int count, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            StringBuilder text = new StringBuilder();
            int words = 50 + random.nextInt(600);
            for (int w = 0; w < words; w++) {
                text.append(random.nextInt(40) == 0 ? PII[random.nextInt(PII.length)] : WORDS[random.nextInt(WORDS.length)]);
                text.append(random.nextInt(12) == 0 ? ".\n" : " ");
            }
            if (random.nextInt(4) == 0) {
                text.append("\n> On Tue, 3 Sep 2002, Bob Jones wrote:\n> ").append(texts.isEmpty() ? "" : texts.get(random.nextInt(texts.size())));
            }
            texts.add(text.toString());
        }
        return texts;
    }
}
