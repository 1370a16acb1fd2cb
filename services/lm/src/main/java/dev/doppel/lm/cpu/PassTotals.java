package dev.doppel.lm.cpu;

/**
 * What a forward and backward pass over some rows adds to its step: the masked cross-entropy, already multiplied
 * by the pass's loss scale, and the number of masked positions whose most likely token was the target.
 */
public record PassTotals(double loss, double correct) {
}
