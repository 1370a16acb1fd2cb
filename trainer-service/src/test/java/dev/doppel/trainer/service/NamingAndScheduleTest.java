package dev.doppel.trainer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamingAndScheduleTest {

    @Test
    void fineTunedModelNameFollowsOpenAiWithAnEmptySuffix() {
        assertEquals("ft:doppel-tiny:tenant-a::Abc123", FineTunedModels.name("doppel-tiny", "tenant-a", "ftjob-Abc123"));
    }

    @Test
    void progressIsDueEveryNthStepAndAtTheLast() {
        var schedule = new ProgressSchedule(10);
        assertFalse(schedule.due(0, 25));
        assertFalse(schedule.due(9, 25));
        assertTrue(schedule.due(10, 25));
        assertTrue(schedule.due(20, 25));
        assertTrue(schedule.due(25, 25));
        assertThrows(IllegalArgumentException.class, () -> new ProgressSchedule(0));
    }

    @Test
    void stepMessagesReadLikeOpenAis() {
        assertEquals("Step 20/60: training loss=2.31", JobEvents.stepMessage(20, 60, 2.3149, null));
        assertEquals("Step 60/60: training loss=0.15, validation loss=0.27", JobEvents.stepMessage(60, 60, 0.15, 0.27));
    }

    @Test
    void unexpectedErrorsAreServerErrors() {
        var error = TrainingFailure.describe(new IllegalStateException("boom"));
        assertEquals("server_error", error.code());
        assertTrue(error.message().contains("boom"));
    }
}
