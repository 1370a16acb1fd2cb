package dev.doppel.lm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our GPT as a Hugging Face {@code GPT2LMHeadModel} directory and back: {@code model.safetensors} with the
 * names {@code save_pretrained} writes ({@code transformer.wte.weight}, {@code transformer.h.0.attn.c_attn.weight},
 * ...; the tied {@code lm_head.weight} is not stored) and a {@code config.json} that {@code GPT2Config} reads.
 *
 * <p>The architectures match exactly: pre-LN blocks, Conv1D linears ({@code x @ W + b}, W is (in, out)),
 * LayerNorm eps 1e-5, 4x MLP, exact erf GELU (Hugging Face's {@code "gelu"}; DJL's PyTorch
 * {@code Activation.gelu} calls {@code torch::nn::functional::gelu} with its default, non-approximate
 * form), LM head tied to {@code wte}. GPT-2's own checkpoints use {@code "gelu_new"}, the tanh approximation:
 * we load them with a warning, see {@link #load}. {@code services/lm/tools/check_hf_gpt2.py} recomputes
 * the logits of an export with an independent numpy implementation of Hugging Face's forward pass.
 */
public final class HuggingFaceGpt2 {

    public static final String WEIGHTS_FILE = "model.safetensors";
    public static final String CONFIG_FILE = "config.json";
    /** Our own config, tokenizer kind and metadata inside {@code config.json}; Hugging Face ignores unknown keys. */
    static final String DOPPEL_KEY = "doppel";
    static final String PREFIX = "transformer.";
    static final String EXACT_GELU = "gelu";
    /** Largest |erf GELU(x) - tanh GELU(x)| over all x, at |x| = 2.70 (computed in float64). */
    static final double TANH_GELU_MAX_DIFFERENCE = 4.73e-4;

    private static final Logger LOG = LoggerFactory.getLogger(HuggingFaceGpt2.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double LAYER_NORM_EPSILON = 1e-5; // GptBlock.layerNorm
    private static final List<String> TANH_GELUS = List.of("gelu_new", "gelu_pytorch_tanh", "gelu_fast");
    private static final Pattern LINEAR_WEIGHT = Pattern.compile("h\\.\\d+\\.(attn\\.c_attn|attn\\.c_proj|mlp\\.c_fc|mlp\\.c_proj)\\.weight");
    private static final Pattern LINEAR_BIAS = Pattern.compile("h\\.\\d+\\.(attn\\.c_attn|attn\\.c_proj|mlp\\.c_fc|mlp\\.c_proj)\\.bias");
    /** GPT-2's causal-mask buffers, saved by older versions of transformers; not parameters. */
    private static final Pattern MASK_BUFFER = Pattern.compile("h\\.\\d+\\.attn\\.(bias|masked_bias)");

    private HuggingFaceGpt2() {
    }

    /**
     * Writes {@code model.safetensors} and {@code config.json} into the directory, creating it if needed;
     * {@code config.json} last, so a directory without it is an unfinished export. A model with
     * {@code bias=false} gets zero biases, because GPT-2 always has them and zeros compute the same thing.
     */
    public static void export(LanguageModel model, Path dir) throws IOException {
        Files.createDirectories(dir);
        Safetensors.write(dir.resolve(WEIGHTS_FILE), exportedTensors(model), Map.of("format", "pt"));
        writeTokenizerFiles(model.tokenizer(), dir);
        Path tmp = dir.resolve(CONFIG_FILE + ".tmp");
        JSON.writeValue(tmp.toFile(), exportedConfig(model));
        Files.move(tmp, dir.resolve(CONFIG_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A byte-level BPE tokenizer goes out as GPT-2's {@code vocab.json} and {@code merges.txt}, the files
     * {@code GPT2Tokenizer.from_pretrained} reads next to the weights. The byte tokenizer has no such files: a
     * reader needs only its 256 byte ids plus the chat tokens, which {@code config.json} describes.
     */
    private static void writeTokenizerFiles(Tokenizer tokenizer, Path dir) throws IOException {
        if (tokenizer instanceof BpeTokenizer bpe) {
            HuggingFaceBpeFiles.write(bpe, dir);
        }
    }

    /** Every parameter under its {@code save_pretrained} name, plus zero biases where {@code bias=false}. */
    static Map<String, Tensor> exportedTensors(LanguageModel model) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : model.stateDict().entrySet()) {
            String name = entry.getKey();
            Tensor tensor = entry.getValue();
            tensors.put(PREFIX + name, tensor);
            if (!model.config().bias() && LINEAR_WEIGHT.matcher(name).matches()) {
                int out = (int) tensor.shape()[1]; // Conv1D layout (in, out)
                String bias = name.substring(0, name.length() - "weight".length()) + "bias";
                tensors.put(PREFIX + bias, new Tensor(new long[] {out}, new float[out]));
            }
        }
        return tensors;
    }

    static Map<String, Object> exportedConfig(LanguageModel model) {
        GptConfig config = model.config();
        Tokenizer tokenizer = model.tokenizer();
        double dropout = Double.parseDouble(Float.toString(config.dropout())); // 0.1, not 0.10000000149
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("architectures", List.of("GPT2LMHeadModel"));
        json.put("model_type", "gpt2");
        json.put("vocab_size", config.vocabSize());
        json.put("n_positions", config.blockSize());
        json.put("n_ctx", config.blockSize());
        json.put("n_embd", config.nEmbd());
        json.put("n_layer", config.nLayer());
        json.put("n_head", config.nHead());
        json.put("n_inner", null); // 4 * n_embd
        json.put("activation_function", EXACT_GELU);
        json.put("layer_norm_epsilon", LAYER_NORM_EPSILON);
        json.put("resid_pdrop", dropout);
        json.put("embd_pdrop", dropout);
        json.put("attn_pdrop", dropout);
        json.put("initializer_range", 0.02);
        json.put("scale_attn_weights", true);
        json.put("scale_attn_by_inverse_layer_idx", false);
        json.put("reorder_and_upcast_attn", false);
        json.put("tie_word_embeddings", true);
        json.put("bos_token_id", tokenizer.endToken());
        json.put("eos_token_id", tokenizer.endToken());
        json.put("pad_token_id", tokenizer.padToken());
        json.put("torch_dtype", "float32");
        json.put("use_cache", true);
        Map<String, Object> doppel = new LinkedHashMap<>();
        doppel.put("config", config);
        doppel.put("tokenizer", tokenizer.kind());
        doppel.put("metadata", model.metadata());
        json.put(DOPPEL_KEY, doppel);
        return json;
    }

    /**
     * Loads a Hugging Face GPT-2 directory ({@code config.json} + {@code model.safetensors}): our own exports
     * and GPT-2 checkpoints alike. Tensor names may carry the {@code transformer.} prefix or not; GPT-2's
     * {@code attn.bias}/{@code attn.masked_bias} mask buffers are ignored; an {@code lm_head.weight} must equal
     * {@code wte.weight}, because our head is tied. F16 and BF16 weights are widened to fp32.
     *
     * <p>Models get {@code bias=true}, except our own {@code bias=false} exports whose biases are all still
     * zero: their {@code doppel} config comes back exactly. A tokenizer with more ids than the checkpoint's
     * vocabulary (chat specials appended after GPT-2's 50257) grows {@code wte} by rows drawn N(0, 0.02) from
     * {@code seed}; the existing rows are kept. A tokenizer with fewer ids is an error.
     *
     * <p>Activation: {@code "gelu"} is ours exactly. The tanh approximations ({@code "gelu_new"}, GPT-2's own,
     * {@code "gelu_pytorch_tanh"}, {@code "gelu_fast"}) load with a warning: per activation they differ from
     * ours by at most 4.7e-4, so logits differ slightly from what Hugging Face computes (nanoGPT makes the same
     * trade when it loads GPT-2); {@code check_hf_gpt2.py --compare-activations} measures it on a checkpoint.
     * Anything else is rejected.
     */
    public static LanguageModel load(Path dir, Tokenizer tokenizer, long seed) throws IOException {
        Path configFile = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            throw new IOException(configFile + " does not exist: not a Hugging Face model directory");
        }
        JsonNode root;
        try {
            root = JSON.readTree(configFile.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(configFile + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(configFile + " is not a JSON object");
        }
        Hyperparameters hf = readHyperparameters(configFile, root);
        JsonNode doppel = root.path(DOPPEL_KEY);
        if (doppel.isObject() && doppel.hasNonNull("tokenizer") && !doppel.path("tokenizer").asText().equals(tokenizer.kind())) {
            throw new IOException(configFile + ": the model was exported with the \"" + doppel.path("tokenizer").asText()
                    + "\" tokenizer, not \"" + tokenizer.kind() + "\": its token ids would mean other things");
        }

        Path weightsFile = dir.resolve(WEIGHTS_FILE);
        Map<String, Tensor> state;
        try (Safetensors weights = Safetensors.open(weightsFile)) {
            state = readState(weights, hf.tieWordEmbeddings());
        }
        Tensor wte = state.get("wte.weight");
        if (wte == null || wte.shape().length != 2) {
            throw new IOException(weightsFile + ": tensor wte.weight is missing or not a matrix");
        }
        if (wte.shape()[0] != hf.vocabSize() || wte.shape()[1] != hf.nEmbd()) {
            throw new IOException(weightsFile + ": tensor wte.weight has shape " + Arrays.toString(wte.shape())
                    + ", config.json says vocab_size " + hf.vocabSize() + " x n_embd " + hf.nEmbd());
        }
        if (tokenizer.vocabSize() < hf.vocabSize()) {
            throw new IOException(configFile + ": the checkpoint has " + hf.vocabSize() + " token ids, the \""
                    + tokenizer.kind() + "\" tokenizer only " + tokenizer.vocabSize() + ": ids it cannot produce would be dropped");
        }
        if (tokenizer.vocabSize() > hf.vocabSize()) {
            state.put("wte.weight", grow(wte, tokenizer.vocabSize(), seed));
        }

        GptConfig ours = doppelConfig(configFile, doppel.path("config"), hf);
        boolean bias = true;
        float dropout = hf.dropout();
        if (ours != null) {
            dropout = ours.dropout();
            if (!ours.bias()) {
                bias = !linearBiasesAreZero(state);
                if (bias) {
                    LOG.warn("{}: exported with bias=false, but its linear biases are no longer zero: loading with bias=true", dir);
                } else {
                    state.keySet().removeIf(name -> LINEAR_BIAS.matcher(name).matches());
                }
            }
        }

        GptConfig config;
        try {
            config = new GptConfig(hf.nLayer(), hf.nHead(), hf.nEmbd(), hf.nPositions(), tokenizer.vocabSize(), dropout, bias);
        } catch (IllegalArgumentException e) {
            throw new IOException(configFile + ": " + e.getMessage(), e);
        }
        LanguageModel model = LanguageModel.create(config, tokenizer, seed);
        try {
            model.loadStateDict(state);
        } catch (IllegalArgumentException e) {
            model.close();
            throw new IOException(weightsFile + ": " + e.getMessage(), e);
        }
        if (ours != null && doppel.path("metadata").isObject()) {
            for (Map.Entry<String, JsonNode> entry : doppel.path("metadata").properties()) {
                model.putMetadata(entry.getKey(), JSON.convertValue(entry.getValue(), Object.class));
            }
        }
        return model;
    }

    /** The GPT2Config fields we use, with GPT2Config's defaults where a field is absent. */
    record Hyperparameters(int nLayer, int nHead, int nEmbd, int nPositions, int vocabSize, float dropout,
                           boolean tieWordEmbeddings) {
    }

    static Hyperparameters readHyperparameters(Path configFile, JsonNode root) throws IOException {
        String modelType = root.path("model_type").asText("");
        if (!modelType.equals("gpt2")) {
            throw new IOException(configFile + ": model_type \"" + modelType + "\" is not supported, only \"gpt2\"");
        }
        String activation = root.path("activation_function").asText("gelu_new"); // GPT2Config's default
        if (TANH_GELUS.contains(activation)) {
            LOG.warn("{}: activation_function \"{}\" is the tanh approximation of GELU; this model computes the exact erf GELU. "
                            + "They differ by up to {} per activation, so logits will differ slightly from Hugging Face's. "
                            + "Measure it with services/lm/tools/check_hf_gpt2.py --compare-activations.",
                    configFile, activation, TANH_GELU_MAX_DIFFERENCE);
        } else if (!activation.equals(EXACT_GELU) && !activation.equals("gelu_python")) {
            throw new IOException(configFile + ": activation_function \"" + activation
                    + "\" is not supported; the model computes the exact GELU (\"gelu\")");
        }
        double epsilon = root.path("layer_norm_epsilon").asDouble(LAYER_NORM_EPSILON);
        if (Math.abs(epsilon - LAYER_NORM_EPSILON) > 1e-12) {
            throw new IOException(configFile + ": layer_norm_epsilon " + epsilon + " is not supported, only " + LAYER_NORM_EPSILON);
        }
        JsonNode inner = root.path("n_inner");
        int nEmbd = positiveInt(configFile, root, "n_embd");
        if (!inner.isMissingNode() && !inner.isNull() && inner.asInt() != 4 * nEmbd) {
            throw new IOException(configFile + ": n_inner " + inner.asInt() + " is not supported, only 4 * n_embd = " + 4 * nEmbd);
        }
        if (!root.path("scale_attn_weights").asBoolean(true)) {
            throw new IOException(configFile + ": scale_attn_weights false is not supported");
        }
        if (root.path("scale_attn_by_inverse_layer_idx").asBoolean(false)) {
            throw new IOException(configFile + ": scale_attn_by_inverse_layer_idx true is not supported");
        }
        if (root.path("add_cross_attention").asBoolean(false)) {
            throw new IOException(configFile + ": add_cross_attention true is not supported");
        }
        String positionsField = root.has("n_positions") ? "n_positions" : "n_ctx";
        float residual = (float) root.path("resid_pdrop").asDouble(0.1);
        float embedding = (float) root.path("embd_pdrop").asDouble(0.1);
        float attention = (float) root.path("attn_pdrop").asDouble(0.1);
        if (residual != embedding || residual != attention) {
            LOG.info("{}: one dropout rate for everything: resid_pdrop {} (embd_pdrop {}, attn_pdrop {})",
                    configFile, residual, embedding, attention);
        }
        return new Hyperparameters(positiveInt(configFile, root, "n_layer"), positiveInt(configFile, root, "n_head"), nEmbd,
                positiveInt(configFile, root, positionsField), positiveInt(configFile, root, "vocab_size"), residual,
                root.path("tie_word_embeddings").asBoolean(true));
    }

    private static int positiveInt(Path configFile, JsonNode root, String field) throws IOException {
        JsonNode node = root.path(field);
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() <= 0) {
            throw new IOException(configFile + ": \"" + field + "\" is missing or not a positive integer");
        }
        return node.asInt();
    }

    /** Our own config from the {@code doppel} key, if there is one and it describes the same shapes. */
    private static GptConfig doppelConfig(Path configFile, JsonNode node, Hyperparameters hf) {
        if (!node.isObject()) {
            return null;
        }
        GptConfig ours;
        try {
            ours = new GptConfig(node.path("nLayer").asInt(), node.path("nHead").asInt(), node.path("nEmbd").asInt(),
                    node.path("blockSize").asInt(), node.path("vocabSize").asInt(),
                    (float) node.path("dropout").asDouble(0.0), node.path("bias").asBoolean(true));
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: ignoring the unreadable \"{}\" config: {}", configFile, DOPPEL_KEY, e.getMessage());
            return null;
        }
        boolean same = ours.nLayer() == hf.nLayer() && ours.nHead() == hf.nHead() && ours.nEmbd() == hf.nEmbd()
                && ours.blockSize() == hf.nPositions() && ours.vocabSize() == hf.vocabSize();
        if (!same) {
            LOG.warn("{}: ignoring the \"{}\" config {}: its shapes differ from the Hugging Face fields", configFile, DOPPEL_KEY, ours);
            return null;
        }
        return ours;
    }

    /** GPT-2 names without the {@code transformer.} prefix; mask buffers dropped; a tied head checked and dropped. */
    private static Map<String, Tensor> readState(Safetensors weights, boolean tieWordEmbeddings) throws IOException {
        Map<String, Tensor> state = new LinkedHashMap<>();
        Map<String, String> fileNames = new LinkedHashMap<>();
        boolean hasHead = false;
        for (String fileName : weights.names()) {
            String name = fileName.startsWith(PREFIX) ? fileName.substring(PREFIX.length()) : fileName;
            if (MASK_BUFFER.matcher(name).matches()) {
                continue;
            }
            if (name.equals("lm_head.weight")) {
                hasHead = true;
                continue;
            }
            String previous = fileNames.put(name, fileName);
            if (previous != null) {
                throw new IOException(weights.file() + ": tensors \"" + previous + "\" and \"" + fileName + "\" are the same parameter");
            }
            state.put(name, weights.read(fileName));
        }
        if (hasHead) {
            Tensor head = weights.read("lm_head.weight");
            Tensor wte = state.get("wte.weight");
            if (wte != null && !head.equals(wte)) {
                throw new IOException(weights.file() + ": tensor \"lm_head.weight\" differs from wte.weight; "
                        + "this model ties its LM head to the token embedding and cannot hold a separate one");
            }
        } else if (!tieWordEmbeddings) {
            throw new IOException(weights.file() + ": config.json unties the LM head (tie_word_embeddings false) "
                    + "but there is no tensor \"lm_head.weight\"");
        }
        return state;
    }

    private static Tensor grow(Tensor wte, int rows, long seed) {
        int oldRows = (int) wte.shape()[0];
        int width = (int) wte.shape()[1];
        float[] grown = Arrays.copyOf(wte.data(), Math.multiplyExact(rows, width));
        Random random = new Random(seed);
        for (int i = oldRows * width; i < grown.length; i++) {
            grown[i] = (float) (random.nextGaussian() * 0.02);
        }
        return new Tensor(new long[] {rows, width}, grown);
    }

    private static boolean linearBiasesAreZero(Map<String, Tensor> state) {
        for (Map.Entry<String, Tensor> entry : state.entrySet()) {
            if (LINEAR_BIAS.matcher(entry.getKey()).matches()) {
                for (float value : entry.getValue().data()) {
                    if (value != 0f) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
