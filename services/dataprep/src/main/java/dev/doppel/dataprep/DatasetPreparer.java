package dev.doppel.dataprep;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.doppel.dataprep.anonymize.Anonymizer;
import dev.doppel.dataprep.anonymize.Pseudonyms;
import dev.doppel.dataprep.dedupe.ExactDuplicates;
import dev.doppel.dataprep.dedupe.NearDuplicates;
import dev.doppel.dataprep.format.ExportParsers;
import dev.doppel.dataprep.format.Format;
import dev.doppel.dataprep.format.FormatDetector;
import dev.doppel.dataprep.format.ParsedExport;
import dev.doppel.dataprep.format.mail.MailThreads;
import dev.doppel.dataprep.pairing.ReplyPairer;
import dev.doppel.dataprep.report.LengthStats;
import dev.doppel.dataprep.report.PrepareReport;
import dev.doppel.dataprep.report.Warnings;
import dev.doppel.dataprep.split.GroupSplitter;
import dev.doppel.dataprep.split.Splits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The whole of ingest's data work for one upload: detect the format, parse, anonymize, pair each
 * message of the others with the owner's reply, drop exact and near duplicates, split by conversation,
 * and report. Nothing leaves this class un-anonymized: texts, speaker labels and report locations all
 * pass through the {@link Anonymizer}.
 */
public final class DatasetPreparer {
    private static final int HEAD_BYTES = FormatDetector.HEAD_BYTES;
    /** The chat template's special tokens around a pair (user, assistant, end of turn …). */
    private static final int TEMPLATE_TOKENS = 4;
    private static final int LISTED_PARTICIPANTS = 10;
    private static final Encoding GPT2 = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);

    private final PrepareOptions options;
    private final Pseudonyms pseudonyms;

    /** @param pseudonyms the tenant's table: the same address gets the same pseudonym in every upload */
    public DatasetPreparer(PrepareOptions options, Pseudonyms pseudonyms) {
        this.options = options;
        this.pseudonyms = pseudonyms;
    }

    /**
     * @param declaredFormat a {@link Format} id, or {@code auto} (or null) to detect it
     */
    public PreparedDataset prepare(InputStream in, String fileName, String declaredFormat)
            throws IOException, InvalidInputException {
        var input = new BufferedInputStream(in, HEAD_BYTES);
        Format format = format(input, fileName, declaredFormat);
        var parsed = new ParsedExport();
        ExportParsers.of(format).parse(input, fileName, parsed);
        return prepare(parsed, Map.of(fileName, format.id()));
    }

    /** The same, for content already parsed (the benchmark parses many files into one export). */
    public PreparedDataset prepare(ParsedExport parsed, Map<String, String> formats) throws InvalidInputException {
        List<Conversation> conversations = conversations(parsed);
        int messages = conversations.stream().mapToInt(c -> c.messages().size()).sum();
        var anonymizer = new Anonymizer(options.anonymize(), pseudonyms);
        // File names, conversation ids and locations carry names and addresses too; a second anonymizer
        // (same pseudonyms) cleans them so the report's counts stay about the data itself.
        var labels = new Anonymizer(options.anonymize(), pseudonyms);
        Set<String> names = participantNames(conversations);
        anonymizer.addPersonNames(names);
        labels.addPersonNames(names);

        var examples = new ArrayList<Example>();
        if (!conversations.isEmpty()) {
            checkOwner(conversations);
            var pairer = new ReplyPairer(options.owner(), options.pairing());
            Function<ChatMessage, String> speaker = m -> anonymizer.person(m.sender().isBlank()
                    ? String.valueOf(m.senderAddress()) : m.sender());
            for (Conversation conversation : conversations) {
                for (Example example : pairer.pair(anonymized(conversation, anonymizer), speaker)) {
                    examples.add(relocated(example, labels));
                }
            }
        }
        for (Example example : parsed.examples()) {
            examples.add(anonymized(example, anonymizer, labels));
        }
        int pairs = examples.size();

        var exact = new ExactDuplicates();
        var near = new NearDuplicates(options.nearDuplicateThreshold());
        int[] dropped = new int[2];
        List<Example> keptExamples = dedupe(examples, e -> ExampleText.prompt(e) + "\n\u0000\n" + e.completion(),
                exact, near, dropped);
        List<Document> keptDocuments = dedupe(parsed.documents().stream()
                .map(d -> new Document(labels.anonymize(d.id()), anonymizer.anonymize(d.text()))).toList(),
                Document::text, exact, near, dropped);

        var splitter = new GroupSplitter(options.splits());
        Splits<Example> exampleSplits = splitter.split(keptExamples, Example::group);
        Splits<Document> documentSplits = splitter.split(keptDocuments, DatasetPreparer::fileOf);

        int[] promptTokens = keptExamples.stream().mapToInt(e -> GPT2.countTokens(ExampleText.prompt(e))).toArray();
        int[] completionTokens = keptExamples.stream().mapToInt(e -> GPT2.countTokens(e.completion())).toArray();
        int[] totals = new int[keptExamples.size()];
        Arrays.setAll(totals, i -> promptTokens[i] + completionTokens[i] + TEMPLATE_TOKENS);

        Map<String, Integer> splitCounts = new LinkedHashMap<>();
        splitCounts.put("train", exampleSplits.train().size() + documentSplits.train().size());
        splitCounts.put("validation", exampleSplits.validation().size() + documentSplits.validation().size());
        splitCounts.put("test", exampleSplits.test().size() + documentSplits.test().size());
        Map<String, Integer> anonymized = new LinkedHashMap<>();
        anonymizer.replacements().forEach((kind, count) -> anonymized.put(kind.tag(), count));
        Map<String, String> safeFormats = new LinkedHashMap<>();
        formats.forEach((file, format) -> safeFormats.put(labels.anonymize(file), format));

        var report = new PrepareReport(safeFormats, conversations.size(), messages, parsed.skipped(), pairs,
                dropped[0], dropped[1], keptExamples.size(), keptDocuments.size(), splitCounts, anonymized,
                LengthStats.of(promptTokens), LengthStats.of(completionTokens), options.contextTokens(),
                keptExamples.isEmpty() && !keptDocuments.isEmpty() ? List.of()
                        : Warnings.check(keptExamples, totals, options.contextTokens()));
        return new PreparedDataset(exampleSplits, documentSplits, report);
    }

    private static Format format(BufferedInputStream input, String fileName, String declared)
            throws IOException, InvalidInputException {
        input.mark(HEAD_BYTES);
        byte[] head = input.readNBytes(HEAD_BYTES);
        input.reset();
        return FormatDetector.detect(declared == null ? Format.AUTO : declared, fileName, head);
    }

    /** Chats as exported (parts of one thread across files joined) plus mails threaded. */
    private static List<Conversation> conversations(ParsedExport parsed) {
        Map<String, List<ChatMessage>> byId = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        Set<String> joined = new HashSet<>();
        for (Conversation conversation : parsed.conversations()) {
            if (byId.containsKey(conversation.id())) {
                joined.add(conversation.id());
            }
            byId.computeIfAbsent(conversation.id(), id -> new ArrayList<>()).addAll(conversation.messages());
            titles.putIfAbsent(conversation.id(), conversation.title());
        }
        var conversations = new ArrayList<Conversation>();
        byId.forEach((id, messages) -> {
            if (joined.contains(id)) {
                // Stable: messages without a time keep their order relative to each other.
                messages.sort(Comparator.comparing(ChatMessage::sentAt, Comparator.nullsLast(Comparator.naturalOrder())));
            }
            conversations.add(new Conversation(id, titles.get(id), messages));
        });
        if (!parsed.mails().isEmpty()) {
            conversations.addAll(MailThreads.group(parsed.mails()));
        }
        return conversations;
    }

    private void checkOwner(List<Conversation> conversations) throws InvalidInputException {
        if (!options.owner().isKnown()) {
            throw new InvalidInputException("say which participant is you (the \"me\" setting: your names, "
                    + "addresses or phone numbers); this upload's most frequent senders are "
                    + topSenders(conversations), "me");
        }
        boolean any = conversations.stream().flatMap(c -> c.messages().stream()).anyMatch(options.owner()::isMe);
        if (!any) {
            throw new InvalidInputException("no message in this upload is from you (me = " + options.owner().aliases()
                    + "); its most frequent senders are " + topSenders(conversations), "me");
        }
    }

    /** Names the tenant can pick from; they are the tenant's own upload, shown only to the tenant. */
    private static List<String> topSenders(List<Conversation> conversations) {
        return conversations.stream().flatMap(c -> c.messages().stream())
                .map(m -> m.senderAddress() != null && !m.sender().contains(m.senderAddress())
                        ? (m.sender() + " <" + m.senderAddress() + ">").strip() : m.sender())
                .collect(Collectors.groupingBy(s -> s, Collectors.counting()))
                .entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(LISTED_PARTICIPANTS)
                .map(Map.Entry::getKey)
                .toList();
    }

    private Set<String> participantNames(List<Conversation> conversations) {
        var names = new HashSet<String>(options.owner().names());
        for (Conversation conversation : conversations) {
            for (ChatMessage message : conversation.messages()) {
                if (!message.sender().isBlank()) {
                    names.add(message.sender());
                }
            }
        }
        return names;
    }

    private static Conversation anonymized(Conversation conversation, Anonymizer anonymizer) {
        return new Conversation(conversation.id(), conversation.title(), conversation.messages().stream()
                .map(m -> m.withText(anonymizer.anonymize(m.text()))).toList());
    }

    /** Conversation ids and locations are file names and Message-IDs: they carry names and addresses too. */
    private static Example relocated(Example example, Anonymizer anonymizer) {
        return new Example(example.context(), example.prompt(), example.completion(),
                example.group(), anonymizer.anonymize(example.location()));
    }

    private static Example anonymized(Example example, Anonymizer anonymizer, Anonymizer labels) {
        return new Example(example.context().stream()
                .map(t -> new Turn(labels.anonymize(t.speaker()), t.mine(), anonymizer.anonymize(t.text())))
                .toList(), anonymizer.anonymize(example.prompt()), anonymizer.anonymize(example.completion()),
                example.group(), labels.anonymize(example.location()));
    }

    /** Keeps the first of each exact or near duplicate; dropped[0] counts exact, dropped[1] near ones. */
    private static <T> List<T> dedupe(List<T> items, Function<T, String> text, ExactDuplicates exact,
            NearDuplicates near, int[] dropped) {
        var kept = new ArrayList<T>(items.size());
        for (T item : items) {
            String key = text.apply(item);
            if (!exact.firstSeen(key)) {
                dropped[0]++;
            } else if (!near.addIfNovel(key)) {
                dropped[1]++;
            } else {
                kept.add(item);
            }
        }
        return kept;
    }

    /** A document's file: every paragraph of one file goes to the same split. */
    private static String fileOf(Document document) {
        int colon = document.id().lastIndexOf(':');
        return colon > 0 ? document.id().substring(0, colon) : document.id();
    }
}
