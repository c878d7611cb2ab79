package io.driftline.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CategoryCountsTest {

    @Test
    void countsExactlyWhileUnderTheLimit() {
        CategoryCounts counts = new CategoryCounts(3);
        for (String s : List.of("b", "a", "b", "c", "b")) {
            counts.update(s);
        }

        assertThat(counts.frequencies())
                .containsExactly(Map.entry("a", 1L), Map.entry("b", 3L), Map.entry("c", 1L));
        assertThat(counts.otherCount()).isZero();
        assertThat(counts.isSaturated()).isFalse();
        assertThat(counts.cutoffKey()).isNull();
        assertThat(counts.count()).isEqualTo(5);
    }

    @Test
    void keptSetIsIndependentOfArrivalOrder() {
        List<String> values = stream(5_000, 40, 1);
        CategoryCounts inOrder = new CategoryCounts(16);
        values.forEach(inOrder::update);
        List<String> shuffled = new ArrayList<>(values);
        Collections.shuffle(shuffled, new Random(99));
        CategoryCounts reordered = new CategoryCounts(16);
        shuffled.forEach(reordered::update);

        assertThat(inOrder.frequencies()).hasSize(16);
        assertThat(inOrder.isSaturated()).isTrue();
        assertThat(reordered.toBytes()).isEqualTo(inOrder.toBytes());
        assertThat(inOrder.count()).isEqualTo(5_000);
    }

    @Test
    void mergingPartialsEqualsOnePassOverTheUnion() {
        List<String> values = stream(9_000, 60, 2);
        CategoryCounts single = new CategoryCounts(16);
        values.forEach(single::update);
        CategoryCounts a = new CategoryCounts(16);
        CategoryCounts b = new CategoryCounts(16);
        CategoryCounts c = new CategoryCounts(16);
        for (int i = 0; i < values.size(); i++) {
            // partials see different category subsets, as parallel subtasks would
            String v = values.get(i);
            (v.hashCode() % 3 == 0 ? a : i % 2 == 0 ? b : c).update(v);
        }
        CategoryCounts leftFirst = a.copy();
        leftFirst.merge(b);
        leftFirst.merge(c);
        CategoryCounts rightFirst = c.copy();
        CategoryCounts ba = b.copy();
        ba.merge(a);
        rightFirst.merge(ba);

        assertThat(leftFirst.toBytes()).isEqualTo(single.toBytes());
        assertThat(rightFirst.toBytes()).isEqualTo(single.toBytes());
    }

    @Test
    void everyCategoryBelowTheCutoffIsKeptWithItsFullCount() {
        List<String> values = stream(3_000, 100, 3);
        CategoryCounts counts = new CategoryCounts(10);
        values.forEach(counts::update);

        CategoryCounts.CategoryKey cutoff = counts.cutoffKey();
        for (int i = 0; i < 100; i++) {
            String name = "cat-" + i;
            long actual = values.stream().filter(name::equals).count();
            boolean below =
                    new CategoryCounts.CategoryKey(CategoryCounts.hash(name), name)
                                    .compareTo(cutoff)
                            <= 0;
            assertThat(counts.countOf(name)).isEqualTo(below ? actual : 0);
        }
        long kept = counts.frequencies().values().stream().mapToLong(Long::longValue).sum();
        assertThat(kept + counts.otherCount()).isEqualTo(3_000);
    }

    @Test
    void hashIsPinnedBecauseProfilesDependOnIt() {
        // An independent python3 implementation (FNV-1a 64 over the UTF-16 code units, then
        // MurmurHash3 fmix64, as a signed long):
        //   M=(1<<64)-1; x=0xcbf29ce484222325
        //   for c in s: x ^= ord(c); x = (x*0x100000001b3) & M
        //   x^=x>>33; x=(x*0xff51afd7ed558ccd)&M; x^=x>>33; x=(x*0xc4ceb9fe1a85ec53)&M; x^=x>>33
        // A change here would invalidate every stored profile's kept-category set.
        assertThat(CategoryCounts.hash("red")).isEqualTo(-7004863016375791694L);
        assertThat(CategoryCounts.hash("")).isEqualTo(-1166397803181037274L);
        assertThat(CategoryCounts.hash("cat-7")).isEqualTo(3111851011533303239L);
    }

    @Test
    void roundTripsThroughVersionedBytes() {
        CategoryCounts counts = new CategoryCounts(8);
        stream(1_000, 20, 4).forEach(counts::update);

        CategoryCounts back = CategoryCounts.fromBytes(counts.toBytes());

        assertThat(back.frequencies()).isEqualTo(counts.frequencies());
        assertThat(back.otherCount()).isEqualTo(counts.otherCount());
        assertThat(back.cutoffKey()).isEqualTo(counts.cutoffKey());
        assertThat(back.count()).isEqualTo(1_000);
        back.update("cat-0");
        assertThat(back.count()).isEqualTo(1_001);
    }

    @Test
    void rejectsUnknownVersion() {
        byte[] bytes = new CategoryCounts().toBytes();
        bytes[0] = 2;

        assertThatThrownBy(() -> CategoryCounts.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported category counts format version 2");
    }

    @Test
    void restoreRejectsAnOtherBucketWithoutAFullMap() {
        assertThatThrownBy(() -> CategoryCounts.restore(4, Map.of("a", 3L), 7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("implies 4 kept categories");
    }

    @Test
    void rejectsMergingDifferentLimits() {
        assertThatThrownBy(() -> new CategoryCounts(4).merge(new CategoryCounts(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDistinct");
    }

    private static List<String> stream(int n, int categories, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // skewed: low indices are frequent
            int c = (int) Math.floor(categories * Math.pow(random.nextDouble(), 2));
            out.add("cat-" + c);
        }
        return out;
    }
}
