package dev.doppel.lm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/** Models and token streams shared by the decoder tests. */
final class DecoderFixtures {

    /** 2 layers, head size 16 (whole vectors on AVX-512), 48 tokens of context. */
    static final GptConfig WITH_BIAS = new GptConfig(2, 4, 64, 48, 260, 0f, true);
    /** 3 layers, width 36 and head size 12: every kernel runs its tails. 40 tokens of context. */
    static final GptConfig WITHOUT_BIAS = new GptConfig(3, 3, 36, 40, 260, 0f, false);

    private DecoderFixtures() {
    }

    /**
     * A model whose parameters are all off their initial values: linear biases (with bias=true) non-zero,
     * LayerNorm gains away from one, weights large enough that attention is far from uniform. LayerNorm shifts
     * stay zero without bias, because DJL's LayerNorm then has none.
     */
    static LanguageModel perturbed(GptConfig config, long seed) {
        LanguageModel model = LanguageModel.create(config, new ByteTokenizer(), seed);
        Random random = new Random(seed + 1);
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : model.stateDict().entrySet()) {
            String name = entry.getKey();
            float[] data = entry.getValue().data().clone();
            boolean layerNorm = name.contains("ln_");
            double std = layerNorm ? 0.2 : name.endsWith(".bias") ? 0.1 : 0.08;
            if (!(layerNorm && name.endsWith(".bias") && !config.bias())) {
                for (int i = 0; i < data.length; i++) {
                    data[i] += (float) (random.nextGaussian() * std);
                }
            }
            state.put(name, new Tensor(entry.getValue().shape(), data));
        }
        model.loadStateDict(state);
        return model;
    }

    /**
     * A model after 20 real training steps (AdamW moves every parameter, biases included) on rotations of the
     * alphabet: enough to learn "next letter", so greedy decoding writes varied text instead of repeating one
     * token, as random weights do.
     */
    static LanguageModel trained(GptConfig config, long seed) {
        LanguageModel model = LanguageModel.create(config, new ByteTokenizer(), seed);
        String alphabet = "abcdefghijklmnopqrstuvwxyz";
        List<Example> examples = IntStream.range(0, alphabet.length())
                .mapToObj(n -> new Example("abc " + n, alphabet.substring(n) + alphabet.substring(0, n)))
                .toList();
        Trainer.train(model, examples, List.of(), new TrainingOptions(20, 8, 1, 1e-2f, 2, 0.1f, 0.1f, 1f, 0, 0, seed, 0), null);
        return model;
    }

    static int[] randomTokens(long seed, int count, int vocabSize) {
        Random random = new Random(seed);
        return IntStream.range(0, count).map(i -> random.nextInt(vocabSize)).toArray();
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
