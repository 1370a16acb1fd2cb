package dev.doppel.dataprep.pairing;

import java.time.Duration;

/**
 * @param contextTurns how many turns before the prompt travel with it as context (K)
 * @param mergeWindow  consecutive messages of one sender closer than this form one turn: people send
 *                     a thought as three quick messages, and the reply answers all three
 * @param sessionGap   silence after which a chat starts a new conversation. A chat export holds years of
 *                     talk with one person; its sessions are the conversations that splits keep apart
 *                     and context never crosses
 */
public record PairingOptions(int contextTurns, Duration mergeWindow, Duration sessionGap) {
    public static final PairingOptions DEFAULT = new PairingOptions(3, Duration.ofMinutes(10), Duration.ofHours(6));

    public PairingOptions {
        if (contextTurns < 0) {
            throw new IllegalArgumentException("contextTurns must be >= 0, got " + contextTurns);
        }
        if (mergeWindow.isNegative()) {
            throw new IllegalArgumentException("mergeWindow must not be negative");
        }
        if (sessionGap.compareTo(mergeWindow) <= 0) {
            throw new IllegalArgumentException("sessionGap must be longer than mergeWindow");
        }
    }
}
