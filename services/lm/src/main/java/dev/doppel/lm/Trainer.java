package dev.doppel.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop, for pretraining ({@link TrainingData#corpus}) and fine-tuning ({@link TrainingData#chat}):
 * next-token cross-entropy over the data's targets, gradient accumulation, AdamW, warmup plus cosine learning
 * rate, global-norm clipping, a NaN/Inf guard that skips the update and says so, and validation every
 * {@code evalEvery} steps. One log line per {@code logEvery} steps: {@code step | loss | lr | dt | tok/s | mfu | eta}.
 *
 * <p>All randomness (which rows a step samples, its dropout masks) is derived from the seed and the step number,
 * so a run resumed from {@link #save} draws exactly what the uninterrupted run would have: with the optimizer
 * moments restored bit for bit, the losses match.
 *
 * <p>On the CPU a step splits each micro-batch's rows over {@link TrainingWorkers} threads, each with its own
 * gradient leaves ({@link WorkerParameters}); the gradients are summed in worker order. Dropout masks are drawn
 * per row ({@link RowDropout}), so the masks do not depend on the number of workers, and the losses differ only
 * by float rounding. Trainings in one process take turns step by step under one fair lock
 * ({@link Engines#GLOBAL_STATE}), so several jobs may train at once without oversubscribing the cores.
 */
public final class Trainer implements AutoCloseable {

    public static final String STATE_FILE = "trainer-state.json";
    public static final String OPTIMIZER_FILE = "optimizer.bin";
    static final String STATE_FORMAT = "doppel-trainer/1";

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DROPOUT_STREAM = 0x5DEECE66DL;

    private final LanguageModel model;
    private final TrainingData train;
    private final TrainingData validation;
    private final TrainingOptions options;
    private final NDManager optimizerState;
    private final AdamW optimizer;
    private final TrainingWorkers workers;
    private final CpuTrainingPasses cpuPasses; // null: DJL's autograd (a GPU, or the setting says so)
    private final long parameterCount;

    private int step;
    private long tokensSeen;
    private int skippedSteps;
    private double lastLoss = Double.NaN;
    private Double lastValidLoss;
    private long paceStartNanos = -1; // ETA: this process's pace since its first step, not the checkpoint's
    private int paceStartStep;

    private Trainer(LanguageModel model, TrainingData train, TrainingData validation, TrainingOptions options, int workerCount,
                    boolean handWrittenPasses) {
        if (train.tokenizer() != model.tokenizer() && !train.tokenizer().kind().equals(model.tokenizer().kind())) {
            throw new IllegalArgumentException("the training data was tokenized with another tokenizer than the model's");
        }
        this.model = model;
        this.train = train;
        this.validation = validation;
        this.options = options;
        this.optimizerState = model.manager().newSubManager();
        this.workers = TrainingWorkers.forDevice(model.manager().getDevice(), workerCount);
        this.optimizer = new AdamW(model, options.weightDecay(), optimizerState, true, workers.team());
        this.cpuPasses = !handWrittenPasses ? null : CpuTrainingPasses.forModel(model, workers.count(),
                (options.batchSize() + workers.count() - 1) / workers.count());
        this.parameterCount = model.parameterCount();
    }

    /** A new run from step 0; {@code validation} may be null. */
    public static Trainer start(LanguageModel model, TrainingData train, TrainingData validation, TrainingOptions options) {
        return start(model, train, validation, options, TorchThreads.threadsHere());
    }

    /** As {@link #start}, with {@code workers} threads training slices of each batch (fewer where unsupported). */
    static Trainer start(LanguageModel model, TrainingData train, TrainingData validation, TrainingOptions options, int workers) {
        return new Trainer(model, train, validation, options, workers, true);
    }

    /** As {@link #start}, on DJL's autograd even where the hand-written CPU passes apply: the reference they are tested against. */
    static Trainer startOnAutograd(LanguageModel model, TrainingData train, TrainingData validation, TrainingOptions options,
                                   int workers) {
        return new Trainer(model, train, validation, options, workers, false);
    }

    /**
     * Continues the run saved in {@code checkpointDir} by {@link #save}: {@code model} must be
     * {@link LanguageModel#load loaded} from the same directory, and the data must be the same.
     */
    public static Trainer resume(LanguageModel model, Path checkpointDir, TrainingData train, TrainingData validation)
            throws IOException {
        Path statePath = checkpointDir.resolve(STATE_FILE);
        if (!Files.exists(statePath)) {
            throw new IOException(statePath + " does not exist: this checkpoint holds weights only and cannot be resumed");
        }
        JsonNode state = JSON.readTree(statePath.toFile());
        if (!STATE_FORMAT.equals(state.path("format").asText())) {
            throw new IOException(statePath + ": field \"format\" is \"" + state.path("format").asText()
                    + "\", expected \"" + STATE_FORMAT + "\"");
        }
        TrainingOptions options;
        try {
            options = JSON.treeToValue(state.path("options"), TrainingOptions.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(statePath + ": field \"options\" is invalid: " + e.getMessage(), e);
        }
        Trainer trainer = new Trainer(model, train, validation, options, TorchThreads.threadsHere(), true);
        try {
            byte[] moments = Files.readAllBytes(checkpointDir.resolve(OPTIMIZER_FILE));
            try (NDManager scratch = model.manager().newSubManager()) {
                trainer.optimizer.restoreState(moments, state.path("updates").asInt(), scratch);
            }
        } catch (IOException | RuntimeException e) {
            trainer.close();
            throw new IOException("cannot restore the optimizer from " + checkpointDir.resolve(OPTIMIZER_FILE) + ": " + e.getMessage(), e);
        }
        trainer.step = state.path("step").asInt();
        trainer.tokensSeen = state.path("tokensSeen").asLong();
        trainer.skippedSteps = state.path("skippedSteps").asInt();
        trainer.lastLoss = state.path("lastLoss").isNumber() ? state.path("lastLoss").asDouble() : Double.NaN;
        trainer.lastValidLoss = state.path("lastValidLoss").isNumber() ? state.path("lastValidLoss").asDouble() : null;
        return trainer;
    }

    /** Fine-tunes on chat pairs for {@code options.steps()} steps: the trainer service's one call. */
    public static TrainingResult train(LanguageModel model, List<Example> train, List<Example> validation,
                                       TrainingOptions options, ProgressListener listener) {
        int blockSize = model.config().blockSize();
        TrainingData validationData = validation.isEmpty() ? null : TrainingData.chat(validation, model.tokenizer(), blockSize);
        try (Trainer trainer = start(model, TrainingData.chat(train, model.tokenizer(), blockSize), validationData, options)) {
            return trainer.run(listener);
        }
    }

    /** Runs the remaining steps. */
    public TrainingResult run(ProgressListener listener) {
        return runUntil(options.steps(), listener);
    }

    /** Runs steps until {@code untilStep} steps are done (at most {@code options.steps()}); then {@link #save} may follow. */
    public TrainingResult runUntil(int untilStep, ProgressListener listener) {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        int until = Math.min(untilStep, options.steps());
        if (paceStartNanos < 0) {
            paceStartNanos = System.nanoTime();
            paceStartStep = step;
        }
        while (step < until) {
            StepReport report = runStep();
            progress.onStep(report);
        }
        model.parametersChanged();
        TrainingResult result = result();
        model.putMetadata("lastTraining", describe(result));
        return result;
    }

    private StepReport runStep() {
        double lr = learningRate(step, options);
        long start = System.nanoTime();
        Passes passes;
        boolean skipped;
        double norm;
        try (NDManager stepManager = model.manager().newSubManager()) {
            Engines.GLOBAL_STATE.lock(); // concurrent trainings in one process take turns, step by step
            try {
                passes = forwardAndBackward(stepManager);
            } finally {
                Engines.GLOBAL_STATE.unlock();
            }
            norm = passes.workerBuffers() != null ? optimizer.sumAndNormOfBuffers(passes.workerBuffers())
                    : optimizer.sumAndNorm(passes.workerGradients());
            skipped = !Double.isFinite(passes.loss()) || !Double.isFinite(norm);
            if (!skipped) {
                boolean clip = options.gradClip() > 0f && norm > options.gradClip();
                float gradScale = clip ? (float) (options.gradClip() / (norm + 1e-6)) : 1f;
                if (passes.workerBuffers() != null) {
                    optimizer.stepWithBuffers(passes.workerBuffers().get(0), lr, gradScale);
                } else {
                    try (Engines.NoGrad ignored = Engines.noGrad()) {
                        optimizer.step(passes.workerGradients().get(0), lr, gradScale, stepManager);
                    }
                }
            }
        }
        double stepMillis = (System.nanoTime() - start) / 1e6;
        double loss = passes.loss();
        step++;
        if (skipped) {
            skippedSteps++;
            LOG.warn("step {}: loss {} or gradient norm {} is not finite, update skipped ({} skipped so far)",
                    step, loss, norm, skippedSteps);
        } else {
            lastLoss = loss;
        }
        double tokensPerSecond = passes.positions() / (stepMillis / 1000.0);
        double mfu = Gemm.mfu(parameterCount, tokensPerSecond, Gemm.peakFlops());
        boolean last = step == options.steps();
        Double validLoss = null;
        Double validAccuracy = null;
        if (validation != null && (last || (options.evalEvery() > 0 && step % options.evalEvery() == 0))) {
            EvaluationResult validated = Evaluator.evaluate(model, validation, options.evalBatches());
            validLoss = validated.loss();
            validAccuracy = validated.tokenAccuracy();
            lastValidLoss = validLoss;
        }
        double elapsed = (System.nanoTime() - paceStartNanos) / 1e9;
        double etaSeconds = elapsed / (step - paceStartStep) * (options.steps() - step);
        StepReport report = new StepReport(step, options.steps(), loss, lr, stepMillis, tokensPerSecond, mfu, validLoss,
                tokensSeen, norm, skipped, etaSeconds, passes.targets() == 0 ? Double.NaN : passes.correct() / passes.targets(), validAccuracy);
        if (options.logEvery() > 0 && (step == 1 || last || step % options.logEvery() == 0)) {
            LOG.info(report.logLine());
        }
        return report;
    }

    /**
     * What the forward and backward passes of one step add up to, and each worker's gradients: DJL's tensors, or
     * the hand-written passes' arrays (the other is null).
     */
    private record Passes(double loss, double correct, long targets, long positions, List<List<NDArray>> workerGradients,
                          List<List<FloatBuffer>> workerBuffers) {
    }

    /**
     * Every micro-batch of this step, its rows split over the workers. A worker makes its gradient leaves itself,
     * on its first slice, so that the workers make them in parallel.
     */
    private Passes forwardAndBackward(NDManager stepManager) {
        WorkerParameters[] replicas = new WorkerParameters[workers.count()];
        boolean[] used = new boolean[workers.count()];
        if (cpuPasses != null) {
            cpuPasses.beginStep();
        }
        double loss = 0;
        double correct = 0;
        long targets = 0;
        long positions = 0;
        for (int micro = 0; micro < options.gradAccumulation(); micro++) {
            TokenBatch batch = train.batchAt(options.seed(), step, micro, options.batchSize(), options.gradAccumulation());
            long dropoutSeed = mix(options.seed() ^ DROPOUT_STREAM, step, micro);
            long targetCount = batch.targetTokens();
            boolean firstMicroBatch = micro == 0;
            int slices = Math.min(workers.count(), batch.batchSize());
            List<Callable<WorkerParameters.Pass>> tasks = new ArrayList<>(slices);
            for (int w = 0; w < slices; w++) {
                int worker = w;
                int from = batch.batchSize() * w / slices;
                int to = batch.batchSize() * (w + 1) / slices;
                used[worker] = true;
                tasks.add(() -> {
                    if (cpuPasses != null) {
                        return cpuPasses.forwardBackward(worker, batch.rows(from, to), dropoutSeed, from, targetCount,
                                options.gradAccumulation(), firstMicroBatch);
                    }
                    if (replicas[worker] == null) {
                        replicas[worker] = new WorkerParameters(model, stepManager.newSubManager());
                    }
                    return replicas[worker].forwardBackward(model, batch.rows(from, to), new RowDropout(dropoutSeed, from),
                            targetCount, options.gradAccumulation());
                });
            }
            for (WorkerParameters.Pass pass : workers.runAll(tasks)) {
                loss += pass.loss();
                correct += pass.correct();
            }
            targets += targetCount;
            positions += (long) batch.batchSize() * batch.length();
            tokensSeen += batch.realTokens(train.tokenizer().padToken());
        }
        if (cpuPasses != null) {
            List<List<FloatBuffer>> buffers = new ArrayList<>();
            for (int w = 0; w < used.length && used[w]; w++) { // only the last ones can have had no rows
                buffers.add(cpuPasses.gradients(w));
            }
            return new Passes(loss, correct, targets, positions, null, buffers);
        }
        List<List<NDArray>> workerGradients = new ArrayList<>();
        for (WorkerParameters replica : replicas) { // in worker order; only the last ones can have had no rows
            if (replica != null) {
                workerGradients.add(replica.gradients());
            }
        }
        return new Passes(loss, correct, targets, positions, workerGradients, null);
    }

    /**
     * Writes a resumable checkpoint: the optimizer moments and the loop's state first, then the model (whose
     * {@code config.json}, written last, marks the directory complete).
     */
    public void save(Path checkpointDir) throws IOException {
        Files.createDirectories(checkpointDir);
        Path moments = checkpointDir.resolve(OPTIMIZER_FILE);
        Files.write(checkpointDir.resolve(OPTIMIZER_FILE + ".tmp"), optimizer.encodeState());
        Files.move(checkpointDir.resolve(OPTIMIZER_FILE + ".tmp"), moments, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("format", STATE_FORMAT);
        state.put("step", step);
        state.put("updates", optimizer.updates());
        state.put("tokensSeen", tokensSeen);
        state.put("skippedSteps", skippedSteps);
        state.put("lastLoss", Double.isFinite(lastLoss) ? lastLoss : null);
        state.put("lastValidLoss", lastValidLoss);
        state.put("options", options);
        // Every random draw is a function of (seed, step, micro-batch): this pair is the whole RNG state.
        state.put("rng", Map.of("seed", options.seed(), "step", step));
        Path tmp = checkpointDir.resolve(STATE_FILE + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
        Files.move(tmp, checkpointDir.resolve(STATE_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        model.putMetadata("step", step);
        model.save(checkpointDir);
    }

    /** Whether steps run on the hand-written CPU passes rather than DJL's autograd. */
    boolean handWrittenPasses() {
        return cpuPasses != null;
    }

    /** Threads that train slices of each batch. */
    int workerCount() {
        return workers.count();
    }

    /** Steps done so far. */
    public int step() {
        return step;
    }

    public TrainingOptions options() {
        return options;
    }

    public TrainingResult result() {
        return new TrainingResult(step, lastLoss, lastValidLoss, tokensSeen, skippedSteps);
    }

    @Override
    public void close() {
        optimizer.close();
        workers.close();
        optimizerState.close();
    }

    /**
     * Learning rate of a 0-based step: linear warmup to the peak over {@code warmupSteps}, then cosine decay
     * to {@code minLearningRateRatio * learningRate} at the last step. Pure.
     */
    public static double learningRate(int step, TrainingOptions options) {
        double peak = options.learningRate();
        double floor = peak * options.minLearningRateRatio();
        if (step < options.warmupSteps()) {
            return peak * (step + 1) / options.warmupSteps();
        }
        int decaySteps = options.steps() - 1 - options.warmupSteps();
        double progress = decaySteps <= 0 ? 1.0 : Math.min(1.0, (double) (step - options.warmupSteps()) / decaySteps);
        double coefficient = 0.5 * (1.0 + Math.cos(Math.PI * progress)); // 1 -> 0
        return floor + coefficient * (peak - floor);
    }

    /** SplitMix64 over (seed, step, micro): independent streams per step without carrying a generator along. */
    static long mix(long seed, int step, int micro) {
        long z = seed + 0x9E3779B97F4A7C15L * (((long) step << 16) + micro + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    private Map<String, Object> describe(TrainingResult result) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("steps", result.steps());
        entry.put("finalTrainLoss", Double.isFinite(result.finalTrainLoss()) ? result.finalTrainLoss() : null);
        entry.put("finalValidLoss", result.finalValidLoss());
        entry.put("tokensSeen", result.tokensSeen());
        entry.put("skippedSteps", result.skippedSteps());
        entry.put("options", options);
        return entry;
    }
}
