package dev.doppel.lm.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class TeamTest {

    @Test
    void runsEveryPartOfEveryJobExactlyOnce() {
        try (Team team = new Team(2, "team-test")) {
            int jobs = 20_000;
            int parts = 3;
            AtomicIntegerArray runs = new AtomicIntegerArray(jobs * parts);
            int[] job = new int[1];
            Team.Task task = (part, count) -> {
                assertEquals(parts, count);
                runs.incrementAndGet(job[0] * parts + part);
            };
            for (job[0] = 0; job[0] < jobs; job[0]++) {
                team.run(task, parts);
            }
            for (int i = 0; i < runs.length(); i++) {
                assertEquals(1, runs.get(i), "job " + i / parts + " part " + i % parts);
            }
        }
    }

    @Test
    void aFailingPartFailsTheRunAndTheTeamCarriesOn() {
        try (Team team = new Team(2, "team-test")) {
            IllegalStateException failure = new IllegalStateException("part 1 broke");
            for (int i = 0; i < 50; i++) {
                IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> team.run((part, parts) -> {
                    if (part == 1) {
                        throw failure;
                    }
                }, 2));
                assertSame(failure, thrown);
            }
            int[] done = new int[2];
            team.run((part, parts) -> done[part]++, 2);
            assertEquals(1, done[0]);
            assertEquals(1, done[1]);
        }
    }

    @Test
    void closeStopsTheHelpersAndLeavesTheCallerToWorkAlone() throws InterruptedException {
        Team team = new Team(3, "team-test");
        team.run((part, parts) -> { }, 3);
        team.close();
        for (Thread helper : team.helpers()) {
            helper.join(10_000);
            assertTrue(!helper.isAlive(), helper.getName() + " still runs");
        }
        int[] done = new int[3];
        team.run((part, parts) -> done[part]++, 3); // a closed team still runs jobs, on the caller alone
        assertEquals(java.util.List.of(1, 1, 1), java.util.Arrays.stream(done).boxed().toList());
    }
}
