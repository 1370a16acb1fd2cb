package dev.doppel.dataprep.pairing;

import java.time.Duration;

/**
 * @param contextTurns how many turns before the prompt travel with it as context (K)
 * @param mergeWindow  consecutive messages of one sender closer than this form one turn: people send
 *                     a thought as three quick messages, and the reply answers all three
 */
public record PairingOptions(int contextTurns, Duration mergeWindow) {
    public static final PairingOptions DEFAULT = new PairingOptions(3, Duration.ofMinutes(10));

    public PairingOptions {
        if (contextTurns < 0) {
            throw new IllegalArgumentException("contextTurns must be >= 0, got " + contextTurns);
        }
        if (mergeWindow.isNegative()) {
            throw new IllegalArgumentException("mergeWindow must not be negative");
        }
    }
}
