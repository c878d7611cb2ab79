package io.driftline.core.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

/** Tests the runner's name table: every present benchmark maps to a real {@code @Benchmark}. */
class MicroBenchmarksTest {

    @Test
    void detectorBenchmarksAreAvailableUnderTheirDisplayNames() {
        Map<String, String> available = MicroBenchmarks.available(Pattern.compile("^detector\\."));
        assertThat(available)
                .containsOnlyKeys(
                        "detector.adwin.update",
                        "detector.page_hinkley.update",
                        "detector.ddm.update",
                        "detector.eddm.update",
                        "detector.hddm_a.update",
                        "detector.hddm_w.update",
                        "detector.kswin.update",
                        "detector.cusum.update");
    }

    @Test
    void everyAvailableEntryNamesAnAnnotatedBenchmarkMethod() throws Exception {
        for (Map.Entry<String, String> entry :
                MicroBenchmarks.available(Pattern.compile(".*")).entrySet()) {
            String fqn = entry.getValue();
            Class<?> type = Class.forName(fqn.substring(0, fqn.lastIndexOf('.')));
            Method method = type.getMethod(fqn.substring(fqn.lastIndexOf('.') + 1));
            assertThat(method.isAnnotationPresent(Benchmark.class)).as(entry.getKey()).isTrue();
            assertThat(entry.getKey()).matches("[a-z_]+(\\.[a-z_]+)+");
        }
    }

    @Test
    void tableEntriesWhoseClassIsAbsentAreSkipped() {
        Map<String, String> available = MicroBenchmarks.available(Pattern.compile(".*"));
        MicroBenchmarks.BENCHMARKS.forEach(
                (name, target) -> {
                    String className =
                            "io.driftline.core.bench." + target.substring(0, target.indexOf('.'));
                    assertThat(available.containsKey(name)).as(name).isEqualTo(loadable(className));
                });
        assertThat(MicroBenchmarks.BENCHMARKS)
                .containsEntry("sketch.kll.update", "KllSketchBenchmark.update")
                .containsEntry("drift.window.numeric", "WindowStatisticsBenchmark.numeric")
                .containsEntry("drift.window.categorical", "WindowStatisticsBenchmark.categorical");
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
