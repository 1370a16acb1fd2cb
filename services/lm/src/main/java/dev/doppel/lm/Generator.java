package dev.doppel.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

/**
 * Writes the owner's reply to a prompt: formats {@code <user> prompt <assistant>}, then chooses one token at a
 * time until {@code <end>}, a stop sequence or {@code maxTokens}. Sampling (greedy, temperature, top-k, top-p)
 * makes {@code n} independent candidates; beam search keeps {@code beamWidth} hypotheses and returns the
 * {@code n} best. Penalties and n-gram bans apply in both.
 *
 * <p>Thread-safe without locking: every call owns its decoder sessions and random generators and only reads the
 * model. Do not train a model while replying from it.
 */
public final class Generator {

    private Generator() {
    }

    /**
     * What one candidate produced.
     *
     * @param text the reply, cut before a stop sequence
     * @param promptTokens tokens of the formatted prompt
     * @param completionTokens tokens generated, the end-of-turn token not counted
     * @param finishReason why it ended
     * @param logProb sum of the natural-log probabilities of the chosen tokens (after penalties), the end-of-turn
     *     token included
     */
    public record Generation(String text, int promptTokens, int completionTokens, FinishReason finishReason, double logProb) {
    }

    /** OpenAI's finish reasons: {@code stop} at the end-of-turn token or a stop sequence, {@code length} at maxTokens. */
    public enum FinishReason {
        STOP, LENGTH;

        public String openAiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static String reply(LanguageModel model, String prompt, GenerationOptions options) {
        return generate(model, prompt, options).text();
    }

    /** The first (for beam search: the best) candidate. */
    public static Generation generate(LanguageModel model, String prompt, GenerationOptions options) {
        return generate(model, prompt, options, TextStream.NONE).get(0);
    }

    /** All {@code n} candidates, through the model's fast decoder, streaming text as it becomes final. */
    public static List<Generation> generate(LanguageModel model, String prompt, GenerationOptions options, TextStream stream) {
        return generate(model.decoder(), model.tokenizer(), new ChatTemplate(model.tokenizer()).prompt(prompt), options, stream);
    }

    /** All {@code n} candidates continuing {@code prompt} (already formatted and tokenized). */
    public static List<Generation> generate(Decoder decoder, Tokenizer tokenizer, int[] prompt, GenerationOptions options,
                                            TextStream stream) {
        Decoder.DecodeSession root = decoder.start(prompt);
        try {
            return options.beamWidth() > 1
                    ? new BeamSearch(tokenizer, prompt, options, stream).run(root)
                    : sample(root, tokenizer, prompt, options, stream);
        } finally {
            close(root);
        }
    }

    private static List<Generation> sample(Decoder.DecodeSession root, Tokenizer tokenizer, int[] prompt,
                                           GenerationOptions options, TextStream stream) {
        List<Generation> generations = new ArrayList<>(options.n());
        LogitsProcessor processor = new LogitsProcessor(tokenizer, options);
        for (int choice = 0; choice < options.n(); choice++) {
            Decoder.DecodeSession session = choice == options.n() - 1 ? root : root.fork();
            try {
                SplittableRandom random = new SplittableRandom(options.seed() + 0x9E3779B97F4A7C15L * choice);
                generations.add(sampleOne(session, tokenizer, prompt, options, processor, random,
                        new ReplyText(tokenizer, options.stop(), stream, choice)));
            } finally {
                if (session != root) {
                    close(session);
                }
            }
        }
        return generations;
    }

    private static Generation sampleOne(Decoder.DecodeSession session, Tokenizer tokenizer, int[] prompt,
                                        GenerationOptions options, LogitsProcessor processor, SplittableRandom random,
                                        ReplyText text) {
        int[] sequence = Arrays.copyOf(prompt, prompt.length + options.maxTokens());
        int[] counts = new int[tokenizer.vocabSize()];
        int generated = 0;
        double logProb = 0;
        FinishReason finish = FinishReason.LENGTH;
        while (generated < options.maxTokens()) {
            text.checkCancelled();
            float[] logits = session.logits().clone();
            processor.apply(logits, sequence, prompt.length + generated, prompt.length, counts);
            int next = Sampler.pick(logits, options, random);
            logProb += Sampler.logSoftmax(logits)[next];
            if (next == tokenizer.endToken()) {
                finish = FinishReason.STOP;
                break;
            }
            sequence[prompt.length + generated++] = next;
            counts[next]++;
            if (text.update(Arrays.copyOfRange(sequence, prompt.length, prompt.length + generated))) {
                finish = FinishReason.STOP;
                break;
            }
            if (generated < options.maxTokens()) {
                session.append(next);
            }
        }
        text.flush();
        return new Generation(text.text(), prompt.length, generated, finish, logProb);
    }

    /** Beam search over processed log-probabilities; hypotheses are ranked by mean log-probability per token. */
    private static final class BeamSearch {
        private final Tokenizer tokenizer;
        private final int[] prompt;
        private final GenerationOptions options;
        private final TextStream stream;
        private final LogitsProcessor processor;

        private record Beam(Decoder.DecodeSession session, int[] reply, double logProb) {
        }

        private record Finished(int[] reply, double logProb, FinishReason reason) {
            double score() {
                return logProb / (reply.length + (reason == FinishReason.STOP ? 1 : 0)); // length-normalized
            }
        }

        BeamSearch(Tokenizer tokenizer, int[] prompt, GenerationOptions options, TextStream stream) {
            this.tokenizer = tokenizer;
            this.prompt = prompt;
            this.options = options;
            this.stream = stream;
            this.processor = new LogitsProcessor(tokenizer, options);
        }

        List<Generation> run(Decoder.DecodeSession root) {
            int width = options.beamWidth();
            List<Beam> beams = new ArrayList<>(List.of(new Beam(root.fork(), new int[0], 0)));
            List<Finished> finished = new ArrayList<>();
            try {
                for (int step = 0; step < options.maxTokens() && !beams.isEmpty() && finished.size() < width; step++) {
                    if (stream.cancelled()) {
                        throw new CancellationException("generation cancelled by its stream");
                    }
                    beams = advance(beams, finished, width);
                }
                for (Beam beam : beams) {
                    finished.add(new Finished(beam.reply(), beam.logProb(), FinishReason.LENGTH));
                }
            } finally {
                beams.forEach(beam -> close(beam.session()));
            }
            finished.sort(Comparator.comparingDouble(Finished::score).reversed());
            List<Generation> generations = new ArrayList<>();
            for (int choice = 0; choice < options.n() && choice < finished.size(); choice++) {
                Finished best = finished.get(choice);
                ReplyText text = new ReplyText(tokenizer, options.stop(), stream, choice);
                boolean stopped = text.update(best.reply());
                text.flush();
                generations.add(new Generation(text.text(), prompt.length, best.reply().length,
                        stopped ? FinishReason.STOP : best.reason(), best.logProb()));
            }
            return generations;
        }

        private record Expansion(Beam beam, int token, double logProb) {
        }

        private List<Beam> advance(List<Beam> beams, List<Finished> finished, int width) {
            List<Expansion> expansions = new ArrayList<>();
            for (Beam beam : beams) {
                int[] sequence = concat(prompt, beam.reply());
                int[] counts = new int[tokenizer.vocabSize()];
                for (int token : beam.reply()) {
                    counts[token]++;
                }
                float[] logits = beam.session().logits().clone();
                processor.apply(logits, sequence, sequence.length, prompt.length, counts);
                double[] logProbs = Sampler.logSoftmax(logits);
                for (int token : topTokens(logProbs, 2 * width)) {
                    expansions.add(new Expansion(beam, token, beam.logProb() + logProbs[token]));
                }
            }
            expansions.sort(Comparator.comparingDouble(Expansion::logProb).reversed());
            List<Beam> next = new ArrayList<>(width);
            for (int rank = 0; rank < expansions.size() && next.size() < width; rank++) {
                Expansion e = expansions.get(rank);
                if (e.logProb() == Double.NEGATIVE_INFINITY) {
                    break;
                }
                if (e.token() == tokenizer.endToken()) {
                    if (rank < width) {
                        finished.add(new Finished(e.beam().reply(), e.logProb(), FinishReason.STOP));
                    }
                    continue;
                }
                int[] reply = Arrays.copyOf(e.beam().reply(), e.beam().reply().length + 1);
                reply[reply.length - 1] = e.token();
                Decoder.DecodeSession session = e.beam().session().fork();
                if (reply.length < options.maxTokens()) {
                    session.append(e.token());
                }
                next.add(new Beam(session, reply, e.logProb()));
            }
            beams.forEach(beam -> close(beam.session()));
            return next;
        }

        private static int[] topTokens(double[] logProbs, int k) {
            Integer[] order = new Integer[logProbs.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(logProbs[b], logProbs[a]));
            int[] top = new int[Math.min(k, order.length)];
            for (int i = 0; i < top.length; i++) {
                top[i] = order[i];
            }
            return top;
        }

        private static int[] concat(int[] a, int[] b) {
            int[] out = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
    }

    /** Sessions of the DJL decoder hold native memory; the Java one holds none. */
    private static void close(Decoder.DecodeSession session) {
        if (session instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close a decoder session", e);
            }
        }
    }
}
