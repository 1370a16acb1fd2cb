package dev.doppel.cli.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.doppel.cli.MachineInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The numbers of {@code bench chat}: one stream alone, then {@code requests} streams {@code concurrency} at a time.
 *
 * @param single         the stream measured alone
 * @param concurrent     every stream of the concurrent phase
 * @param concurrentWallNanos from the first send to the last stream's end in the concurrent phase
 */
record ChatBenchReport(String model, int maxTokens, int concurrency, StreamSample single, List<StreamSample> concurrent,
                       long concurrentWallNanos) {

    double singleTokensPerSecond() {
        return single.ok() ? single.tokensPerSecond() : Double.NaN;
    }

    /** Tokens of the streams that succeeded, over the concurrent phase's wall time. */
    double aggregateTokensPerSecond() {
        return concurrentWallNanos > 0 ? tokens() / (concurrentWallNanos / 1e9) : Double.NaN;
    }

    int tokens() {
        return concurrent.stream().filter(StreamSample::ok).mapToInt(StreamSample::tokens).sum();
    }

    /** Time to first token of the concurrent streams that produced one. */
    double ttftPercentile(double p) {
        List<Double> ttfts = new ArrayList<>();
        for (StreamSample sample : concurrent) {
            if (sample.ok() && sample.firstTokenNanos() >= 0) {
                ttfts.add(sample.ttftMillis());
            }
        }
        return Percentiles.nearestRank(ttfts, p);
    }

    int errors() {
        return (int) concurrent.stream().filter(s -> !s.ok()).count() + (single.ok() ? 0 : 1);
    }

    /** Each distinct failure with how often it happened, most frequent first. */
    Map<String, Integer> errorCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<StreamSample> all = new ArrayList<>(concurrent);
        all.add(single);
        all.stream().filter(s -> !s.ok()).forEach(s -> counts.merge(s.error(), 1, Integer::sum));
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    ObjectNode toJson() {
        var json = JsonNodeFactory.instance.objectNode();
        json.put("single_tok_s", round(singleTokensPerSecond()));
        json.put("aggregate_tok_s", round(aggregateTokensPerSecond()));
        json.put("ttft_p50_ms", round(ttftPercentile(50)));
        json.put("ttft_p99_ms", round(ttftPercentile(99)));
        json.put("single_ttft_ms", round(single.ok() ? single.ttftMillis() : Double.NaN));
        json.put("model", model);
        json.put("max_tokens", maxTokens);
        json.put("concurrency", concurrency);
        json.put("requests", concurrent.size());
        json.put("tokens", tokens());
        json.put("single_tokens", single.tokens());
        json.put("wall_s", round(concurrentWallNanos / 1e9));
        json.put("errors", errors());
        var kinds = json.putObject("error_counts");
        errorCounts().forEach(kinds::put);
        json.put("cores", MachineInfo.cpus());
        json.put("cpu", MachineInfo.cpuModel());
        json.put("java", MachineInfo.java());
        return json;
    }

    List<String> lines() {
        var lines = new ArrayList<String>();
        lines.add("chat streaming through the gateway: " + model + ", max_tokens " + maxTokens);
        lines.add(String.format(Locale.ROOT, "  single stream        %8.1f tok/s   (%d tokens, first after %.0f ms)",
                singleTokensPerSecond(), single.tokens(), single.ok() ? single.ttftMillis() : Double.NaN));
        lines.add(String.format(Locale.ROOT, "  %2d concurrent        %8.1f tok/s   (%d requests, %d tokens in %.2f s)",
                concurrency, aggregateTokensPerSecond(), concurrent.size(), tokens(), concurrentWallNanos / 1e9));
        lines.add(String.format(Locale.ROOT, "  time to first token  p50 %.0f ms, p99 %.0f ms", ttftPercentile(50),
                ttftPercentile(99)));
        lines.add("  errors               " + errors());
        errorCounts().forEach((error, count) -> lines.add("    " + count + "x " + error));
        lines.add("  machine              " + MachineInfo.cpus() + " cores, " + MachineInfo.cpuModel() + ", Java "
                + MachineInfo.java() + " (client and stack on this machine when it runs bin/doppel up)");
        return lines;
    }

    /** Three decimals; NaN (nothing measured) becomes JSON null through a null Double. */
    private static Double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : null;
    }
}
