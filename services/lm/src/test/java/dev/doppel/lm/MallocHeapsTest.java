package dev.doppel.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MallocHeapsTest {

    @Test
    void leavesAProcessWithItsOwnMallocSettingsAlone() {
        assertNull(MallocHeaps.reasonToLeaveAlone(Map.of("PATH", "/usr/bin", "GLIBC_TUNABLES", "glibc.pthread.rseq=0"), "Linux"));
        assertEquals("MALLOC_TOP_PAD_ is set", MallocHeaps.reasonToLeaveAlone(Map.of("MALLOC_TOP_PAD_", "131072"), "Linux"));
        assertEquals("MALLOC_TRIM_THRESHOLD_ is set", MallocHeaps.reasonToLeaveAlone(Map.of("MALLOC_TRIM_THRESHOLD_", "0"), "Linux"));
        assertEquals("GLIBC_TUNABLES sets glibc.malloc tunables",
                MallocHeaps.reasonToLeaveAlone(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2"), "Linux"));
        assertEquals("not Linux", MallocHeaps.reasonToLeaveAlone(Map.of(), "Mac OS X"));
    }

    /** Where the foreign function API reaches glibc, glibc accepts both values (mallopt returns 1 for each). */
    @Test
    void glibcTakesBothSettings() {
        MallocHeaps.keepBetweenSteps();
        boolean applicable = MallocHeaps.reasonToLeaveAlone(System.getenv(), System.getProperty("os.name")) == null
                && glibcThroughForeignCalls();
        assertEquals(applicable, MallocHeaps.kept());
    }

    /**
     * Whether the foreign function API works here and the C library is glibc: only glibc exports this function
     * (looked up, not called).
     */
    private static boolean glibcThroughForeignCalls() {
        try {
            NativeFunctions.inDefaultLibraries("gnu_get_libc_version", 0, false);
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
