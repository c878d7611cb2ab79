package io.driftline.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

class SpreadKeysTest {

    @Test
    void oneModelsTrafficIsSpreadEvenlyOverEverySubtask() {
        for (int parallelism : new int[] {1, 2, 3, 8}) {
            SpreadKeys keys = new SpreadKeys(parallelism, 128);
            Map<Integer, Integer> perSubtask = new HashMap<>();
            for (int i = 0; i < 100_000; i++) {
                String key = keys.key("hot-model", "event-" + i);
                int subtask =
                        KeyGroupRangeAssignment.assignKeyToParallelOperator(key, 128, parallelism);
                perSubtask.merge(subtask, 1, Integer::sum);
            }
            assertThat(perSubtask).hasSize(parallelism);
            int even = 100_000 / parallelism;
            assertThat(perSubtask.values())
                    .allSatisfy(n -> assertThat(n).isBetween(even * 9 / 10, even * 11 / 10));
        }
    }

    @Test
    void aPredictionAndItsOutcomeGetTheSameKey() {
        SpreadKeys keys = new SpreadKeys(4, 128);
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String key = keys.key("m|eu", "id-" + i);
            assertThat(new SpreadKeys(4, 128).key("m|eu", "id-" + i)).isEqualTo(key);
            distinct.add(key);
        }
        assertThat(distinct).hasSize(4);
    }

    @Test
    void baseModelAndPartAreRecoverable() {
        String key = new SpreadKeys(2, 128).key("fraud|segment#with#hashes", "e");
        assertThat(SpreadKeys.baseOf(key)).isEqualTo("fraud|segment#with#hashes");
        assertThat(SpreadKeys.modelOf(key)).isEqualTo("fraud");
        assertThat(SpreadKeys.partOf(key)).isNotEmpty().doesNotContain("#");
        assertThat(SpreadKeys.modelOf("fraud")).isEqualTo("fraud");
        assertThat(SpreadKeys.baseOf("fraud")).isEqualTo("fraud");
        assertThat(SpreadKeys.partOf("fraud")).isEmpty();
    }
}
