package dev.doppel.cli.bench;

import dev.doppel.cli.ApiCommand;
import dev.doppel.cli.GatewayClient;
import dev.doppel.cli.api.ChatApi;
import dev.doppel.cli.api.ModelsApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/doppel bench chat}: streamed chat completions through the running gateway — one stream alone for
 * single-stream tokens/s, then many at once for aggregate tokens/s and the time to first token under load.
 * Needs a running stack ({@code bin/doppel up}) and a fine-tuned model ({@code bin/doppel demo} makes one).
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Streams chats through the running gateway: single-stream and aggregate tokens/s, p50/p99 time to first token, errors. Needs a running stack.")
final class ChatBenchCommand extends ApiCommand {

    @Option(names = "--model", paramLabel = "ID", description = "Default: your newest ready fine-tuned model.")
    String model;

    @Option(names = "--concurrency", defaultValue = "32", description = "Streams at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--requests", paramLabel = "N", description = "Streams in the concurrent phase (default: --concurrency).")
    Integer requests;

    @Option(names = "--max-tokens", defaultValue = "64", description = "Longest reply (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--single", paramLabel = "N", defaultValue = "8",
            description = "Streams measured alone, one after another (default ${DEFAULT-VALUE}).")
    int singleStreams;

    /** The JIT compiles the gateway's decode loop over the first few replies; they would be timed as slowness. */
    private static final int WARM_UP_STREAMS = 3;

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1 || (requests != null && requests < 1) || maxTokens < 1 || singleStreams < 1) {
            err().println("doppel bench chat: --concurrency, --requests, --max-tokens and --single must be at least 1");
            return 2;
        }
        GatewayClient client = api.client();
        Optional<String> chosen = model != null ? Optional.of(model) : new ModelsApi(client).newestFineTuned();
        if (chosen.isEmpty()) {
            err().println("doppel bench chat: you have no fine-tuned model that is ready to serve. Make one with"
                    + " bin/doppel demo (uploads a sample, fine-tunes and evaluates it), or bin/doppel files upload +"
                    + " bin/doppel ft create + bin/doppel ft follow; or pass --model ID");
            return 2;
        }
        var bench = new ChatBench(new ChatApi(client), chosen.get(), maxTokens, System::nanoTime);
        progress("warming up " + chosen.get() + " (the first request loads it)");
        for (int i = 1; i <= WARM_UP_STREAMS; i++) {
            StreamSample warmUp = bench.stream(-i);
            if (!warmUp.ok()) {
                err().println("doppel bench chat: the warm-up stream failed: " + warmUp.error());
                return 1;
            }
        }
        progress(singleStreams + " streams alone, one after another");
        List<StreamSample> singles = new ArrayList<>();
        for (int i = 0; i < singleStreams; i++) {
            singles.add(bench.stream(10_000 + i));
        }
        int total = requests != null ? requests : concurrency;
        progress(total + " streams, " + concurrency + " at a time");
        ChatBench.Phase phase = bench.concurrent(concurrency, total);
        var report = new ChatBenchReport(chosen.get(), maxTokens, concurrency, singles, phase.samples(), phase.wallNanos(),
                bench.rateLimitedRetries());
        if (api.json) {
            println(report.toJson().toString());
        } else {
            report.lines().forEach(this::println);
        }
        return report.errors() == 0 ? 0 : 1;
    }

    private void progress(String message) {
        err().println("bench chat: " + message);
        err().flush();
    }
}
