package dev.doppel.ingest.service;

import dev.doppel.ingest.config.IngestConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** The service's defaults as plain values, for unit tests that build ingest's classes by hand. */
record TestIngestConfig(int minExamples, long maxUploadBytes, String retention, Optional<String> encryptionKey)
        implements IngestConfig {

    static TestIngestConfig defaults() {
        return new TestIngestConfig(3, 1 << 20, dev.doppel.ingest.service.RawUploads.DELETE, Optional.empty());
    }

    TestIngestConfig withMinExamples(int n) {
        return new TestIngestConfig(n, maxUploadBytes, retention, encryptionKey);
    }

    TestIngestConfig withMaxUploadBytes(long bytes) {
        return new TestIngestConfig(minExamples, bytes, retention, encryptionKey);
    }

    TestIngestConfig keepingEncrypted(String base64Key) {
        return new TestIngestConfig(minExamples, maxUploadBytes, dev.doppel.ingest.service.RawUploads.KEEP_ENCRYPTED, Optional.of(base64Key));
    }

    @Override
    public Split split() {
        return new Split() {
            @Override
            public double validationFraction() {
                return 0.1;
            }

            @Override
            public double testFraction() {
                return 0.1;
            }
        };
    }

    @Override
    public Pairing pairing() {
        return new Pairing() {
            @Override
            public int contextTurns() {
                return 3;
            }

            @Override
            public Duration mergeWindow() {
                return Duration.ofMinutes(10);
            }

            @Override
            public Duration sessionGap() {
                return Duration.ofHours(6);
            }
        };
    }

    @Override
    public Anonymize anonymize() {
        return new Anonymize() {
            @Override
            public Set<String> classes() {
                return Set.of("EMAIL", "PHONE", "URL", "IP", "CREDIT_CARD", "IBAN", "PERSON");
            }

            @Override
            public String key() {
                return "test-key";
            }
        };
    }

    @Override
    public Dedupe dedupe() {
        return () -> 0.8;
    }

    @Override
    public RawUploads rawUploads() {
        return new RawUploads() {
            @Override
            public String retention() {
                return TestIngestConfig.this.retention;
            }

            @Override
            public Optional<String> encryptionKey() {
                return TestIngestConfig.this.encryptionKey;
            }
        };
    }

    @Override
    public int contextTokens() {
        return 1024;
    }
}
