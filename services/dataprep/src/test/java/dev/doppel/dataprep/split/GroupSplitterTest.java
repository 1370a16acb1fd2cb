package dev.doppel.dataprep.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupSplitterTest {
    private record Item(String thread, int n) {
    }

    private static List<Item> items(int threads, int perThread) {
        var items = new ArrayList<Item>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                items.add(new Item("thread-" + t, i));
            }
        }
        return items;
    }

    @Test
    void aThreadNeverLandsInTwoSplits() {
        Splits<Item> splits = new GroupSplitter(SplitRatios.DEFAULT).split(items(500, 4), Item::thread);

        Set<String> train = threads(splits.train());
        Set<String> validation = threads(splits.validation());
        Set<String> test = threads(splits.test());
        assertTrue(disjoint(train, validation) && disjoint(train, test) && disjoint(validation, test));
        assertEquals(2000, splits.total());
        // 500 threads at 80/10/10: the hash spreads them within a few standard deviations.
        assertTrue(Math.abs(validation.size() - 50) < 25, "validation threads: " + validation.size());
        assertTrue(Math.abs(test.size() - 50) < 25, "test threads: " + test.size());
    }

    @Test
    void theSplitIsDeterministicAndStableAsDataGrows() {
        var splitter = new GroupSplitter(new SplitRatios(0.2, 0.2));
        Splits<Item> small = splitter.split(items(100, 2), Item::thread);
        Splits<Item> grown = splitter.split(items(300, 2), Item::thread);

        assertEquals(small, splitter.split(items(100, 2), Item::thread));
        for (Item item : small.validation()) {
            assertTrue(grown.validation().contains(item), item + " moved when more threads came");
        }
    }

    @Test
    void everySplitGetsAThreadOnceThereAreThree() {
        Splits<Item> splits = new GroupSplitter(SplitRatios.DEFAULT).split(items(3, 1), Item::thread);

        assertFalse(splits.train().isEmpty());
        assertFalse(splits.validation().isEmpty());
        assertFalse(splits.test().isEmpty());
    }

    @Test
    void ratiosMustLeaveRoomForTrain() {
        assertThrows(IllegalArgumentException.class, () -> new SplitRatios(0.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new SplitRatios(-0.1, 0.1));
    }

    private static Set<String> threads(List<Item> items) {
        var threads = new HashSet<String>();
        items.forEach(i -> threads.add(i.thread()));
        return threads;
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        return a.stream().noneMatch(b::contains);
    }
}
