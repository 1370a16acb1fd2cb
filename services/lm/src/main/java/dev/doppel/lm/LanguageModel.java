package dev.doppel.lm;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A GPT with its tokenizer, owning the NDManager that holds its parameters. Close it to free native memory.
 *
 * <p>Checkpoint directory: {@code config.json} (format, {@link GptConfig}, tokenizer kind, parameter count,
 * free-form metadata) and {@code model.params} (DJL's parameter stream of the {@link GptBlock}, fp32).
 * {@code config.json} is written last, so a directory without it is an unfinished save.
 *
 * <p>Reading (forward passes for generation or evaluation) is safe from several threads at once; training
 * mutates the parameters and must not run concurrently with anything else on the same model.
 */
public final class LanguageModel implements AutoCloseable {

    public static final String CONFIG_FILE = "config.json";
    public static final String PARAMETERS_FILE = "model.params";
    static final String FORMAT = "doppel-lm/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final GptConfig config;
    private final Tokenizer tokenizer;
    private final NDManager manager;
    private final GptBlock block;
    private final Map<String, Object> metadata = Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile long parameterVersion;
    private volatile VersionedDecoder decoder;

    /** The serving decoder and the parameter version it copied. */
    private record VersionedDecoder(long version, CachedDecoder decoder) {
    }

    private LanguageModel(GptConfig config, Tokenizer tokenizer) {
        if (config.vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("config.vocabSize " + config.vocabSize()
                    + " differs from the tokenizer's " + tokenizer.vocabSize());
        }
        this.config = config;
        this.tokenizer = tokenizer;
        this.manager = Engines.pytorch().newBaseManager();
        this.block = new GptBlock(config);
        // DJL's initializers draw from PyTorch's global generator, which a training in another thread may be using.
        Engines.GLOBAL_STATE.lock();
        try (Engines.NoGrad ignored = Engines.noGrad()) {
            block.initialize(manager, DataType.FLOAT32, new Shape(1, config.blockSize()));
        } finally {
            Engines.GLOBAL_STATE.unlock();
        }
    }

    /** A freshly initialized model; the same seed gives the same weights. */
    public static LanguageModel create(GptConfig config, Tokenizer tokenizer, long seed) {
        LanguageModel model = new LanguageModel(config, tokenizer);
        model.initializeWeights(seed);
        return model;
    }

    /** Loads a directory written by {@link #save}; keys that older checkpoints lack take their defaults. */
    public static LanguageModel load(Path checkpointDir) throws IOException {
        JsonNode root = JSON.readTree(checkpointDir.resolve(CONFIG_FILE).toFile());
        GptConfig config = readConfig(root.path("config"));
        Tokenizer tokenizer = readTokenizer(checkpointDir, root.path("tokenizer").asText(ByteTokenizer.KIND));
        LanguageModel model = new LanguageModel(config, tokenizer);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(checkpointDir.resolve(PARAMETERS_FILE)))) {
            for (Parameter parameter : model.parameterList()) {
                parameter.getArray().close(); // replaced by the loaded array below
            }
            model.block.loadParameters(model.manager, new DataInputStream(in));
            for (Parameter parameter : model.parameterList()) {
                parameter.getArray().setRequiresGradient(parameter.requiresGradient()); // load() does not restore it
            }
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IOException("cannot load parameters from " + checkpointDir.resolve(PARAMETERS_FILE) + ": " + e.getMessage(), e);
        }
        if (root.path("metadata").isObject()) {
            model.metadata.putAll(JSON.convertValue(root.path("metadata"), Map.class));
        }
        return model;
    }

    /** Writes {@code config.json} and {@code model.params} into the directory, creating it if needed. */
    public void save(Path checkpointDir) throws IOException {
        Files.createDirectories(checkpointDir);
        Path params = checkpointDir.resolve(PARAMETERS_FILE);
        Path paramsTmp = checkpointDir.resolve(PARAMETERS_FILE + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(paramsTmp))) {
            DataOutputStream data = new DataOutputStream(out);
            block.saveParameters(data);
            data.flush();
        }
        Files.move(paramsTmp, params, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Tokenizers.save(tokenizer, checkpointDir);

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("config", config);
        root.put("tokenizer", tokenizer.kind());
        root.put("parameterCount", parameterCount());
        root.put("parameters", PARAMETERS_FILE);
        root.put("metadata", metadata());
        Path configTmp = checkpointDir.resolve(CONFIG_FILE + ".tmp");
        JSON.writeValue(configTmp.toFile(), root);
        Files.move(configTmp, checkpointDir.resolve(CONFIG_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public GptConfig config() {
        return config;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public long parameterCount() {
        long count = 0;
        for (Parameter parameter : parameterList()) {
            count += parameter.getArray().getShape().size();
        }
        return count;
    }

    /** A copy of the free-form metadata saved with the checkpoint (the trainer records steps and losses here). */
    public Map<String, Object> metadata() {
        synchronized (metadata) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    /** Sets one metadata entry; the value must be JSON-serializable (string, number, boolean, list, map). */
    public void putMetadata(String key, Object value) {
        metadata.put(Objects.requireNonNull(key, "key"), value);
    }

    /** Every parameter under its Hugging Face GPT-2 name, in GPT-2's order (the arrays themselves, not copies). */
    List<GptBlock.Gpt2Parameter> gpt2Parameters() {
        return block.gpt2Parameters();
    }

    /**
     * A copy of every parameter under its Hugging Face GPT-2 name and in GPT-2's layout (linear weights
     * {@code (in, out)}), in GPT-2's order: {@code wte.weight}, {@code wpe.weight}, {@code h.0.ln_1.weight} ...
     * {@code ln_f.bias}. With {@code bias=false} the linear layers have no bias entries and the LayerNorm
     * biases are zero. The LM head is tied to {@code wte.weight}, so there is no {@code lm_head.weight}.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (GptBlock.Gpt2Parameter named : block.gpt2Parameters()) {
            NDArray array = named.parameter().getArray();
            Tensor tensor = new Tensor(array.getShape().getShape(), array.toFloatArray());
            state.put(named.name(), named.transposed() ? tensor.transpose2d() : tensor);
        }
        return state;
    }

    /**
     * Replaces every parameter with the tensor of the same GPT-2 name (layout as in {@link #stateDict()}).
     * Strict: a missing name, an unknown name or a shape mismatch fails naming the tensor, and nothing is
     * changed then.
     */
    public void loadStateDict(Map<String, Tensor> state) {
        List<GptBlock.Gpt2Parameter> parameters = block.gpt2Parameters();
        Map<String, Tensor> ours = new LinkedHashMap<>();
        for (GptBlock.Gpt2Parameter named : parameters) {
            Tensor tensor = state.get(named.name());
            if (tensor == null) {
                throw new IllegalArgumentException("tensor " + named.name() + " is missing");
            }
            Tensor layout = named.transposed() && tensor.shape().length == 2 ? tensor.transpose2d() : tensor;
            long[] expected = named.parameter().getArray().getShape().getShape();
            if (!layout.sameShape(expected)) {
                throw new IllegalArgumentException("tensor " + named.name() + " has shape "
                        + Arrays.toString(tensor.shape()) + ", the model expects "
                        + Arrays.toString(named.transposed() ? new long[] {expected[1], expected[0]} : expected));
            }
            ours.put(named.name(), layout);
        }
        for (String name : state.keySet()) {
            if (!ours.containsKey(name)) {
                throw new IllegalArgumentException("tensor " + name + " has no place in this model");
            }
        }
        try (Engines.NoGrad ignored = Engines.noGrad()) {
            for (GptBlock.Gpt2Parameter named : parameters) {
                named.parameter().getArray().set(ours.get(named.name()).data());
            }
        }
        parametersChanged();
    }

    /**
     * The fast decoder for generation ({@link CachedDecoder}: plain Java with a KV cache, over a copy of the
     * weights). Built on first use and rebuilt after the parameters change, so training then replying works.
     */
    public Decoder decoder() {
        VersionedDecoder current = decoder;
        long version = parameterVersion;
        if (current == null || current.version() != version) {
            synchronized (this) {
                current = decoder;
                if (current == null || current.version() != version) {
                    if (current != null) {
                        current.decoder().close(); // single-threaded decoders hold nothing; a team holds threads
                    }
                    current = new VersionedDecoder(version, new CachedDecoder(this));
                    decoder = current;
                }
            }
        }
        return current.decoder();
    }

    /** Tells copies of the weights (the cached decoder) that they are stale; the trainer calls it after updates. */
    void parametersChanged() {
        parameterVersion++;
    }

    @Override
    public void close() {
        VersionedDecoder current = decoder;
        if (current != null) {
            current.decoder().close();
        }
        manager.close();
    }

    // ---- package-private engine internals ----

    NDManager manager() {
        return manager;
    }

    /** Logits {@code (B, T, V)} for token ids {@code (B, T)}; results belong to the ids' manager. */
    NDArray forward(ParameterStore parameterStore, NDArray tokenIds, boolean training) {
        return block.forward(parameterStore, new NDList(tokenIds), training).singletonOrThrow();
    }

    /** Parameters in a stable order, each with its full name (e.g. {@code 02h0_02attn_02c_proj_weight}). */
    List<Map.Entry<String, Parameter>> namedParameters() {
        List<Map.Entry<String, Parameter>> named = new ArrayList<>();
        block.getParameters().forEach(pair -> named.add(Map.entry(pair.getKey(), pair.getValue())));
        return named;
    }

    private List<Parameter> parameterList() {
        return block.getParameters().values();
    }

    /**
     * GPT-2 initialization, drawn from a seeded Java RNG so that it does not depend on the engine's global
     * random state: weights N(0, 0.02), residual projections N(0, 0.02 / sqrt(2 * nLayer)), biases 0,
     * LayerNorm gains 1.
     */
    private void initializeWeights(long seed) {
        Random random = new Random(seed);
        double residualStd = 0.02 / Math.sqrt(2.0 * config.nLayer());
        for (Map.Entry<String, Parameter> entry : namedParameters()) {
            Parameter parameter = entry.getValue();
            NDArray array = parameter.getArray();
            float[] values = new float[Math.toIntExact(array.getShape().size())];
            switch (parameter.getType()) {
                case GAMMA -> Arrays.fill(values, 1f);
                case WEIGHT -> {
                    double std = entry.getKey().endsWith("c_proj_weight") ? residualStd : 0.02;
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) (random.nextGaussian() * std);
                    }
                }
                default -> { } // biases and LayerNorm shifts start at zero
            }
            try (Engines.NoGrad ignored = Engines.noGrad()) {
                array.set(values);
            }
        }
    }

    private static GptConfig readConfig(JsonNode node) throws IOException {
        if (!node.isObject()) {
            throw new IOException("config.json has no \"config\" object");
        }
        return new GptConfig(
                node.path("nLayer").asInt(),
                node.path("nHead").asInt(),
                node.path("nEmbd").asInt(),
                node.path("blockSize").asInt(),
                node.path("vocabSize").asInt(),
                (float) node.path("dropout").asDouble(0.0),
                node.path("bias").asBoolean(true));
    }

    /** {@code tokenizer.json} when the checkpoint has one; older checkpoints name only the (byte) kind. */
    private static Tokenizer readTokenizer(Path checkpointDir, String kind) throws IOException {
        if (!Files.exists(checkpointDir.resolve(Tokenizers.FILE))) {
            return Tokenizers.ofKind(kind);
        }
        Tokenizer tokenizer = Tokenizers.load(checkpointDir);
        if (!tokenizer.kind().equals(kind)) {
            throw new IOException(checkpointDir.resolve(CONFIG_FILE) + " names tokenizer \"" + kind + "\" but "
                    + checkpointDir.resolve(Tokenizers.FILE) + " holds a \"" + tokenizer.kind() + "\" tokenizer");
        }
        return tokenizer;
    }
}
