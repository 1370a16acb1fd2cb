package dev.doppel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoFlowTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void progressLineShowsStepLossThroughputAndAnEtaFromTheObservedRate() throws Exception {
        var data = json.readTree("""
                {"step": 40, "total_steps": 120, "train_loss": 3.02154, "valid_loss": 3.0128, "tokens_per_second": 27127.4}""");
        assertEquals("  step 40/120 | loss 3.0215 | valid 3.0128 | 27,127 tok/s | eta …",
                DemoFlow.progressLine(data, 0, Duration.ZERO));
        // 20 steps in 2 s → 80 steps left take 8 s.
        assertEquals("  step 40/120 | loss 3.0215 | valid 3.0128 | 27,127 tok/s | eta 8s",
                DemoFlow.progressLine(data, 20, Duration.ofSeconds(2)));
    }

    @Test
    void progressLineLeavesOutWhatTheEventDoesNotCarry() throws Exception {
        var data = json.readTree("""
                {"step": 5, "total_steps": 10, "train_loss": 1.5, "valid_loss": null}""");
        assertEquals("  step 5/10 | loss 1.5000 | eta 5s", DemoFlow.progressLine(data, 5, Duration.ofSeconds(5)));
    }
}
