package dev.doppel.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** How ingest reads, anonymizes, pairs, deduplicates and splits an uploaded file. */
@ConfigMapping(prefix = "doppel.ingest")
public interface IngestConfig {

    /** Files with fewer unique examples than this are rejected: too little to train and evaluate on. */
    @WithDefault("3")
    int minExamples();

    /** Larger uploads are rejected before parsing (bytes; default 512 MiB). */
    @WithDefault("536870912")
    long maxUploadBytes();

    Split split();

    Pairing pairing();

    Anonymize anonymize();

    Dedupe dedupe();

    RawUploads rawUploads();

    /** The context length the report's "too long" warning checks against (GPT-2 tokens). */
    @WithDefault("1024")
    int contextTokens();

    /** Target shares of the held-out splits, by conversation; train gets the rest. */
    interface Split {
        @WithDefault("0.1")
        double validationFraction();

        @WithDefault("0.1")
        double testFraction();
    }

    interface Pairing {
        /** Earlier turns that travel with each prompt as context (K). */
        @WithDefault("3")
        int contextTurns();

        /** Consecutive messages of one sender closer than this are one turn. */
        @WithDefault("10m")
        Duration mergeWindow();

        /** Silence after which a chat starts a new conversation (the unit of the splits). */
        @WithDefault("6h")
        Duration sessionGap();
    }

    interface Anonymize {
        /** Classes replaced by pseudonyms: EMAIL, PHONE, URL, IP, CREDIT_CARD, IBAN, PERSON. */
        @WithDefault("EMAIL,PHONE,URL,IP,CREDIT_CARD,IBAN,PERSON")
        Set<String> classes();

        /**
         * The secret each tenant's pseudonym key is derived from (HMAC-SHA256 of the tenant id). The
         * pseudonym table stores keyed digests only, so whoever lacks this key cannot test a guess
         * ("is <EMAIL_3> bob@example.com?") against it. Set it in production.
         */
        @WithDefault("doppel-development-pseudonym-key-change-me")
        String key();
    }

    interface Dedupe {
        /** Jaccard similarity at or above which two examples count as one (MinHash + LSH). */
        @WithDefault("0.8")
        double nearThreshold();
    }

    interface RawUploads {
        /** {@code delete} the uploaded bytes once processed, or {@code keep-encrypted} (AES-256-GCM). */
        @WithDefault("delete")
        String retention();

        /** Base64 of a 32-byte key; required for keep-encrypted. */
        Optional<String> encryptionKey();
    }
}
