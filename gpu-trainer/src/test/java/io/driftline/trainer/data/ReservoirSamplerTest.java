package io.driftline.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReservoirSamplerTest {

    @Test
    void keepsEverythingBelowCapacity() {
        ReservoirSampler<Integer> sampler = new ReservoirSampler<>(10, new SplittableRandom(1));
        IntStream.range(0, 7).forEach(sampler::offer);

        assertThat(sampler.items()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(sampler.sampled()).isFalse();
        assertThat(sampler.seen()).isEqualTo(7);
    }

    @Test
    void neverKeepsMoreThanCapacityAndOnlyOfferedItems() {
        ReservoirSampler<Integer> sampler = new ReservoirSampler<>(100, new SplittableRandom(7));
        IntStream.range(0, 10_000).forEach(sampler::offer);

        assertThat(sampler.items()).hasSize(100).doesNotHaveDuplicates();
        assertThat(sampler.items()).allMatch(i -> i >= 0 && i < 10_000);
        assertThat(sampler.sampled()).isTrue();
        assertThat(sampler.seen()).isEqualTo(10_000);
    }

    @Test
    void sameSeedSameSampleOtherSeedOtherSample() {
        assertThat(sample(42)).isEqualTo(sample(42));
        assertThat(sample(42)).isNotEqualTo(sample(43));
    }

    @Test
    void everyItemHasTheSameChance() {
        // 20,000 samples of 10 out of 100: each item is expected 2,000 times (binomial sd ~42)
        int[] hits = new int[100];
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 20_000; trial++) {
            ReservoirSampler<Integer> sampler = new ReservoirSampler<>(10, random);
            IntStream.range(0, 100).forEach(sampler::offer);
            sampler.items().forEach(i -> hits[i]++);
        }
        assertThat(java.util.Arrays.stream(hits).boxed().toList())
                .allMatch(h -> h > 1_800 && h < 2_200);
    }

    @Test
    void rejectsAnEmptyReservoir() {
        assertThatThrownBy(() -> new ReservoirSampler<>(0, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity must be >= 1");
    }

    private static List<Integer> sample(long seed) {
        ReservoirSampler<Integer> sampler = new ReservoirSampler<>(50, new SplittableRandom(seed));
        IntStream.range(0, 5_000).forEach(sampler::offer);
        return new ArrayList<>(sampler.items());
    }
}
