package dev.doppel.cli.ingest;

import dev.doppel.dataprep.PrepareOptions;
import dev.doppel.dataprep.anonymize.PiiClass;
import dev.doppel.dataprep.anonymize.Pseudonyms;
import dev.doppel.dataprep.pairing.Owner;
import dev.doppel.dataprep.pairing.PairingOptions;
import dev.doppel.dataprep.split.SplitRatios;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Option;

/** The settings ingest applies to an upload, as flags, with the service's defaults. */
final class PrepareOptionsMixin {
    @Option(names = "--me", paramLabel = "ALIAS",
            description = "A name, e-mail address or phone number under which you appear in a chat or mail export (repeat for several).")
    List<String> me = new ArrayList<>();

    @Option(names = "--context-tokens", defaultValue = "1024", paramLabel = "N",
            description = "Model context the too-long warning checks against (default ${DEFAULT-VALUE}).")
    int contextTokens;

    @Option(names = "--context-turns", defaultValue = "3", paramLabel = "K",
            description = "Earlier turns kept with each prompt (default ${DEFAULT-VALUE}).")
    int contextTurns;

    @Option(names = "--merge-window", defaultValue = "10", paramLabel = "MINUTES",
            description = "Consecutive messages of one sender within this many minutes are one turn (default ${DEFAULT-VALUE}).")
    long mergeMinutes;

    @Option(names = "--session-gap", defaultValue = "6", paramLabel = "HOURS",
            description = "Silence that starts a new conversation in a chat (default ${DEFAULT-VALUE}).")
    long sessionHours;

    @Option(names = "--keep", paramLabel = "CLASS", split = ",",
            description = "Personal data classes NOT to anonymize: ${COMPLETION-CANDIDATES}.")
    List<PiiClass> keep = new ArrayList<>();

    @Option(names = "--near-duplicates", defaultValue = "0.8", paramLabel = "JACCARD",
            description = "Similarity at or above which two examples are one (default ${DEFAULT-VALUE}).")
    double nearThreshold;

    @Option(names = "--validation", defaultValue = "0.1", paramLabel = "FRACTION", description = "Validation share (default ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--test", defaultValue = "0.1", paramLabel = "FRACTION", description = "Test share (default ${DEFAULT-VALUE}).")
    double test;

    @Option(names = "--pseudonym-key", defaultValue = "${env:DOPPEL_INGEST_PSEUDONYM_KEY:-doppel-development-pseudonym-key-change-me}",
            paramLabel = "SECRET", description = "Key of the pseudonym digests (default: $DOPPEL_INGEST_PSEUDONYM_KEY or the development key).")
    String pseudonymKey;

    PrepareOptions options() {
        var anonymize = EnumSet.allOf(PiiClass.class);
        keep.forEach(anonymize::remove);
        return new PrepareOptions(new Owner(me),
                new PairingOptions(contextTurns, Duration.ofMinutes(mergeMinutes), Duration.ofHours(sessionHours)),
                anonymize, nearThreshold, new SplitRatios(validation, test), contextTokens);
    }

    /** The key through SHA-256, so any passphrase makes a full-length HMAC key. */
    Pseudonyms pseudonyms() {
        try {
            return new Pseudonyms(MessageDigest.getInstance("SHA-256").digest(pseudonymKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
