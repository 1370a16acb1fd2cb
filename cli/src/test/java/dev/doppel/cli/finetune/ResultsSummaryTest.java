package dev.doppel.cli.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsSummaryTest {
    private static final String CSV = """
            step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy
            1,3.90000,0.10000,,
            2,3.10000,0.20000,3.50000,0.15000
            3,2.40000,0.30000,,
            4,2.60000,0.31000,3.20000,0.25000
            5,2.50000,0.32000,3.30000,0.24000
            """;

    @Test
    void summarizesFirstLastAndLowestLossesWithTheStepOfTheLowest() {
        ResultsSummary summary = ResultsSummary.parse(CSV);

        assertEquals(5, summary.rows().size());
        assertEquals(new ResultsSummary.Loss(3.9, 2.5, 2.4, 3), summary.train());
        assertEquals(new ResultsSummary.Loss(3.5, 3.3, 3.2, 4), summary.valid(), "empty cells are steps not validated");
        assertEquals("{\"steps\":5,\"last_step\":5,\"train_loss\":{\"first\":3.9,\"last\":2.5,\"min\":2.4,\"min_step\":3},"
                + "\"valid_loss\":{\"first\":3.5,\"last\":3.3,\"min\":3.2,\"min_step\":4}}", summary.toJson().toString());
    }

    @Test
    void theTableSpreadsItsRowsOverTheRunAndAlwaysShowsTheLastStep() {
        List<String> lines = ResultsSummary.parse(CSV).lines(2);

        assertEquals(List.of(
                "5 steps logged (last step 5)",
                "                   first      last       min  (step of min)",
                "  train loss      3.9000    2.5000    2.4000  (3)",
                "  valid loss      3.5000    3.3000    3.2000  (4)",
                "      step  train_loss  valid_loss",
                "         1      3.9000            ",
                "         4      2.6000      3.2000",
                "         5      2.5000      3.3000"), lines);
    }

    @Test
    void aRunWithoutValidationSaysSoAndABrokenRowNamesItsLine() {
        var noValidation = ResultsSummary.parse("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n1,2.0,0.1,,\n");
        assertTrue(noValidation.lines(5).contains("  valid loss   n/a (none logged)"));

        var broken = assertThrows(IllegalArgumentException.class, () -> ResultsSummary.parse(CSV + "six,1.0,,,\n"));
        assertTrue(broken.getMessage().startsWith("result file line 7 is not a row of step,train_loss"), broken.getMessage());
    }
}
