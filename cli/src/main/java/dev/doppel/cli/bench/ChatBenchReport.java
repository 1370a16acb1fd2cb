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
 * The numbers of {@code bench chat}: streams one after another, then {@code requests} streams {@code concurrency}
 * at a time.
 *
 * @param singles        the streams measured alone, one after another
 * @param concurrent     every stream of the concurrent phase
 * @param concurrentWallNanos from the first send to the last stream's end in the concurrent phase
 * @param rateLimitedRetries  429s the streams waited out (the gateway's per-tenant rate limit)
 */
record ChatBenchReport(String model, int maxTokens, int concurrency, List<StreamSample> singles, List<StreamSample> concurrent,
                       long concurrentWallNanos, int rateLimitedRetries) {

    /** One user's view: the tokens of the lone streams over their time from send to end, time to first token included. */
    double singleTokensPerSecond() {
        List<StreamSample> ok = singles.stream().filter(StreamSample::ok).toList();
        long nanos = ok.stream().mapToLong(s -> s.endNanos() - s.sentNanos()).sum();
        return nanos > 0 ? ok.stream().mapToInt(StreamSample::tokens).sum() / (nanos / 1e9) : Double.NaN;
    }

    /** The lone streams' pace once tokens flow: tokens after the first over the time after the first. */
    double singleDecodeTokensPerSecond() {
        List<StreamSample> flowing = singles.stream().filter(s -> s.ok() && s.decodeNanos() > 0).toList();
        long nanos = flowing.stream().mapToLong(StreamSample::decodeNanos).sum();
        return nanos > 0 ? flowing.stream().mapToInt(s -> s.tokens() - 1).sum() / (nanos / 1e9) : Double.NaN;
    }

    int singleTokens() {
        return singles.stream().filter(StreamSample::ok).mapToInt(StreamSample::tokens).sum();
    }

    double singleTtftMillis() {
        return Percentiles.nearestRank(singles.stream().filter(s -> s.ok() && s.firstTokenNanos() >= 0)
                .map(StreamSample::ttftMillis).toList(), 50);
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
        return (int) concurrent.stream().filter(s -> !s.ok()).count() + (int) singles.stream().filter(s -> !s.ok()).count();
    }

    /** Each distinct failure with how often it happened, most frequent first. */
    Map<String, Integer> errorCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<StreamSample> all = new ArrayList<>(concurrent);
        all.addAll(singles);
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
        json.put("single_decode_tok_s", round(singleDecodeTokensPerSecond()));
        json.put("single_ttft_p50_ms", round(singleTtftMillis()));
        json.put("single_streams", singles.size());
        json.put("model", model);
        json.put("max_tokens", maxTokens);
        json.put("concurrency", concurrency);
        json.put("requests", concurrent.size());
        json.put("tokens", tokens());
        json.put("single_tokens", singleTokens());
        json.put("wall_s", round(concurrentWallNanos / 1e9));
        json.put("errors", errors());
        json.put("rate_limited_retries", rateLimitedRetries);
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
        lines.add(String.format(Locale.ROOT, "  single stream        %8.1f tok/s   (%d streams one at a time, %d tokens; first token after %.0f ms (p50), then %.1f tok/s)",
                singleTokensPerSecond(), singles.size(), singleTokens(), singleTtftMillis(), singleDecodeTokensPerSecond()));
        lines.add(String.format(Locale.ROOT, "  %2d concurrent        %8.1f tok/s   (%d requests, %d tokens in %.2f s)",
                concurrency, aggregateTokensPerSecond(), concurrent.size(), tokens(), concurrentWallNanos / 1e9));
        lines.add(String.format(Locale.ROOT, "  time to first token  p50 %.0f ms, p99 %.0f ms", ttftPercentile(50),
                ttftPercentile(99)));
        lines.add("  errors               " + errors() + (rateLimitedRetries > 0
                ? " (" + rateLimitedRetries + " rate-limited requests waited out and sent again)" : ""));
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
