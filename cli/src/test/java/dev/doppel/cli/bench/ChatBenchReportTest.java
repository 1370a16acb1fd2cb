package dev.doppel.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatBenchReportTest {
    private static final long MS = 1_000_000;

    @Test
    void nearestRankPercentilesAreSamplesNotInterpolations() {
        List<Double> samples = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            samples.add((double) i); // unsorted on purpose
        }
        assertEquals(50.0, Percentiles.nearestRank(samples, 50));
        assertEquals(99.0, Percentiles.nearestRank(samples, 99));
        assertEquals(100.0, Percentiles.nearestRank(samples, 100));
        assertEquals(20.0, Percentiles.nearestRank(List.of(40.0, 10.0, 30.0, 20.0), 50), "ceil(0.5 * 4) = the 2nd");
        assertEquals(40.0, Percentiles.nearestRank(List.of(40.0, 10.0, 30.0, 20.0), 99), "ceil(0.99 * 4) = the 4th");
        assertEquals(7.0, Percentiles.nearestRank(List.of(7.0), 1));
        assertTrue(Double.isNaN(Percentiles.nearestRank(List.of(), 50)));
    }

    @Test
    void computesThroughputTtftPercentilesAndErrorsFromFixedSamples() {
        // Two streams alone: 64 tokens in 2 s (first after 50 ms) and 16 tokens in 0.5 s (first after 100 ms):
        // 80 tokens in 2.5 s = 32 tok/s; after the first token, 63 + 15 tokens in 1.95 + 0.4 s.
        var singles = List.of(new StreamSample(0, 50 * MS, 2_000 * MS, 64, null),
                new StreamSample(5_000 * MS, 5_100 * MS, 5_500 * MS, 16, null));
        // Four concurrent streams in a 4 s phase: first tokens after 100, 400, 200, 300 ms; one failed.
        var concurrent = List.of(
                new StreamSample(0, 100 * MS, 3_000 * MS, 60, null),
                new StreamSample(0, 400 * MS, 4_000 * MS, 64, null),
                new StreamSample(0, 200 * MS, 3_500 * MS, 40, null),
                new StreamSample(0, 300 * MS, 3_900 * MS, 36, null),
                StreamSample.failed(0, 10 * MS, "error: Model is loading (code: model_loading)"));
        var report = new ChatBenchReport("ft:m", 64, 4, singles, concurrent, 4_000 * MS, 2);

        assertEquals(32.0, report.singleTokensPerSecond(), 1e-9);
        assertEquals(78 / 2.35, report.singleDecodeTokensPerSecond(), 1e-9);
        assertEquals(50.0, report.singleTtftMillis(), 1e-9, "nearest-rank median of 50 and 100 ms");
        assertEquals(200.0 / 4.0, report.aggregateTokensPerSecond(), 1e-9, "tokens of the streams that succeeded / wall time");
        assertEquals(200.0, report.ttftPercentile(50), 1e-9, "the failed stream has no first token and is left out");
        assertEquals(400.0, report.ttftPercentile(99), 1e-9);
        assertEquals(1, report.errors());
        assertEquals(Map.of("error: Model is loading (code: model_loading)", 1), report.errorCounts());

        var json = report.toJson();
        assertEquals(32.0, json.get("single_tok_s").asDouble());
        assertEquals(80, json.get("single_tokens").asInt());
        assertEquals(2, json.get("rate_limited_retries").asInt());
        assertEquals(50.0, json.get("aggregate_tok_s").asDouble());
        assertEquals(200.0, json.get("ttft_p50_ms").asDouble());
        assertEquals(400.0, json.get("ttft_p99_ms").asDouble());
        assertEquals(5, json.get("requests").asInt());
        assertEquals(200, json.get("tokens").asInt());
        assertEquals(4, json.get("concurrency").asInt());
        assertEquals(Runtime.getRuntime().availableProcessors(), json.get("cores").asInt());
    }

    @Test
    void nothingMeasuredIsNullInJsonNotZero() {
        var failed = StreamSample.failed(0, MS, "boom");
        var report = new ChatBenchReport("ft:m", 64, 1, List.of(failed), List.of(failed), MS, 0);

        var json = report.toJson();
        assertTrue(json.get("single_tok_s").isNull());
        assertTrue(json.get("single_decode_tok_s").isNull());
        assertTrue(json.get("ttft_p50_ms").isNull());
        assertEquals(0.0, json.get("aggregate_tok_s").asDouble(), "no tokens arrived in a measured phase");
        assertEquals(2, json.get("errors").asInt());
    }
}
