package dev.doppel.dataprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.doppel.dataprep.anonymize.Anonymizer;
import dev.doppel.dataprep.anonymize.PiiClass;
import dev.doppel.dataprep.anonymize.Pseudonyms;
import dev.doppel.dataprep.format.ParsedExport;
import dev.doppel.dataprep.format.mail.EmlParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The privacy check on real data: all 6,046 SpamAssassin mails go through ingest's pipeline,
 * and no e-mail address or phone number found in the raw files (by patterns independent of the
 * anonymizer's own) survives in anything that would be stored: the split files and the report.
 */
class SpamAssassinAnonymizationTest {
    /** Independent of the anonymizer: plain addresses and North-American / international phone shapes. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w.+-])(?:\\(\\d{3}\\) ?|\\d{3}[-.])\\d{3}[-.]\\d{4}(?![\\w-])|(?<![\\w+])\\+\\d{1,3}[ -]\\d{2,4}[ -]\\d{3,4}[ -]\\d{3,4}(?![\\w-])");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ParsedExport parsed;
    private static final Set<String> originalEmails = new LinkedHashSet<>();
    private static final Set<String> originalPhones = new LinkedHashSet<>();

    @BeforeAll
    static void parseAll() throws Exception {
        parsed = new ParsedExport();
        var parser = new EmlParser();
        for (Path file : SpamAssassinMails.files()) {
            byte[] bytes = Files.readAllBytes(file);
            parser.parse(bytes, bytes.length, file.getParent().getFileName() + "/" + file.getFileName(), parsed);
        }
        for (ParsedExport.SourcedMail sourced : parsed.mails()) {
            collect(EMAIL.matcher(sourced.mail().text()), originalEmails);
            collect(PHONE.matcher(sourced.mail().text()), originalPhones);
            if (sourced.mail().senderAddress() != null) {
                originalEmails.add(sourced.mail().senderAddress());
            }
        }
    }

    private static void collect(Matcher matcher, Set<String> into) {
        while (matcher.find()) {
            into.add(matcher.group());
        }
    }

    @Test
    void theCorpusReallyHoldsAddressesAndPhoneNumbers() {
        assertTrue(originalEmails.size() > 1000, originalEmails.size() + " addresses");
        assertTrue(originalPhones.size() > 50, originalPhones.size() + " phone numbers: " + originalPhones);
    }

    @Test
    void noAddressOrPhoneSurvivesInWhatIngestStores() throws Exception {
        List<String> me = topSenders(60);
        var options = PrepareOptions.defaults(me);
        PreparedDataset prepared = new DatasetPreparer(options, new Pseudonyms(new byte[32]))
                .prepare(parsed, Map.of("spam-assassin.mbox", "mbox"));
        assertTrue(prepared.report().examples() > 100, "pairs stored: " + prepared.report().examples());

        var stored = new ByteArrayOutputStream();
        for (List<Example> split : List.of(prepared.examples().train(), prepared.examples().validation(),
                prepared.examples().test())) {
            DatasetJsonl.writeExamples(split, stored);
        }
        stored.writeBytes(JSON.writeValueAsBytes(prepared.report()));
        String output = stored.toString(StandardCharsets.UTF_8);
        // JSON escapes nothing in these shapes, so a survivor would appear verbatim
        assertEquals(List.of(), survivors(output, originalEmails));
        assertEquals(List.of(), survivors(output, originalPhones));
    }

    @Test
    void noAddressOrPhoneSurvivesInAnyMailText() {
        var anonymizer = new Anonymizer(EnumSet.allOf(PiiClass.class), new Pseudonyms(new byte[32]));
        var survivors = new ArrayList<String>();
        for (ParsedExport.SourcedMail sourced : parsed.mails()) {
            String text = sourced.mail().text();
            String clean = anonymizer.anonymize(text);
            collectSurvivors(EMAIL.matcher(text), clean, sourced.source(), survivors);
            collectSurvivors(PHONE.matcher(text), clean, sourced.source(), survivors);
        }
        assertEquals(List.of(), survivors);
    }

    private static void collectSurvivors(Matcher original, String clean, String source, List<String> survivors) {
        while (original.find()) {
            if (clean.contains(original.group())) {
                survivors.add(source + ": " + original.group());
            }
        }
    }

    private static List<String> survivors(String output, Set<String> originals) {
        String lower = output.toLowerCase();
        return originals.stream().filter(o -> lower.contains(o.toLowerCase())).limit(20).toList();
    }

    private static List<String> topSenders(int n) {
        return parsed.mails().stream()
                .map(m -> m.mail().senderAddress())
                .filter(a -> a != null)
                .collect(Collectors.groupingBy(a -> a, Collectors.counting()))
                .entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n).map(Map.Entry::getKey).toList();
    }
}
