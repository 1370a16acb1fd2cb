package dev.doppel.cli.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.ofEpochSecond(1_000_000);

    @Test
    void showsStatusBarStepPercentLossesAndEta() throws Exception {
        JsonNode job = JSON.readTree("{\"status\": \"running\", \"estimated_finish\": 1000080}");
        JsonNode metrics = JSON.readTree("{\"step\": 40, \"total_steps\": 120, \"train_loss\": 3.02154, \"valid_loss\": 3.0128}");

        assertEquals("running          [██████░░░░░░░░░░░░░░]  40/120  33% | loss 3.0215 | valid 3.0128 | eta 1m20s",
                ProgressBar.render(job, metrics, NOW));
    }

    @Test
    void beforeTheFirstStepItWaitsAndWithoutAnEstimateTheEtaIsUnknown() throws Exception {
        JsonNode job = JSON.readTree("{\"status\": \"queued\", \"estimated_finish\": null}");

        assertEquals("queued           [░░░░░░░░░░░░░░░░░░░░] waiting for the first step | eta …",
                ProgressBar.render(job, MissingNode.getInstance(), NOW));
    }

    @Test
    void aSucceededJobFillsTheBarAndLongEtasShowHours() throws Exception {
        JsonNode metrics = JSON.readTree("{\"step\": 7, \"total_steps\": 10, \"train_loss\": 1.5}");

        assertEquals("succeeded        [████████████████████]  7/10 100% | loss 1.5000 | eta 0s",
                ProgressBar.render(JSON.readTree("{\"status\": \"succeeded\", \"estimated_finish\": 999000}"), metrics, NOW));
        assertEquals("running          [██████████████░░░░░░]  7/10  70% | loss 1.5000 | eta 2h05m",
                ProgressBar.render(JSON.readTree("{\"status\": \"running\", \"estimated_finish\": 1007500}"), metrics, NOW));
    }

    @Test
    void theTerminalViewRedrawsTheBarInPlaceAndPrintsStatusChangesAboveIt() throws Exception {
        var screen = new StringWriter();
        var view = new ProgressBarView(new PrintWriter(screen), InstantSource.fixed(NOW));
        JsonNode running = JSON.readTree("{\"id\": \"ftjob-1\", \"status\": \"running\", \"estimated_finish\": 1000010}");

        view.job(running);
        view.status("ftjob-1", List.of("queued", "running"));
        view.progress(JSON.readTree("{\"step\": 1, \"total_steps\": 2, \"train_loss\": 2.0}"), running);
        view.finished(JSON.readTree("{\"id\": \"ftjob-1\", \"status\": \"succeeded\", \"estimated_finish\": 1000010}"));

        String clear = "\r\033[K";
        assertEquals(clear + "running          [░░░░░░░░░░░░░░░░░░░░] waiting for the first step | eta 10s"
                + clear + "job ftjob-1 queued → running" + System.lineSeparator()
                + clear + "running          [░░░░░░░░░░░░░░░░░░░░] waiting for the first step | eta 10s"
                + clear + "running          [██████████░░░░░░░░░░] 1/2  50% | loss 2.0000 | eta 10s"
                + clear + "succeeded        [████████████████████] 1/2 100% | loss 2.0000 | eta 10s" + System.lineSeparator(),
                screen.toString());
    }
}
