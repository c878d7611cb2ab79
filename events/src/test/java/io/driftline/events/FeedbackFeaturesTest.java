package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The feature map the decoders build: a map in payload order, duplicates refused. */
class FeedbackFeaturesTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 16, 17, 40, 1000})
    void behavesAsAnInsertionOrderedMap(int count) {
        FeedbackEvent.Features builder = new FeedbackEvent.Features(4);
        Map<String, FeatureValue> expected = new LinkedHashMap<>();
        for (int i = count - 1; i >= 0; i--) {
            String name = "f" + i;
            FeatureValue value = i % 3 == 0 ? FeatureValue.of("c" + i) : FeatureValue.of(i * 0.5);
            assertThat(builder.put(name, value)).isTrue();
            expected.put(name, value);
        }
        builder.put("absent", null);
        expected.put("absent", FeatureValue.MISSING);
        assertThat(builder.size()).isEqualTo(count + 1);

        Map<String, FeatureValue> built = builder.build();

        assertThat(built).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(expected).isEqualTo(built);
        assertThat(new ArrayList<>(built.keySet())).containsExactlyElementsOf(expected.keySet());
        List<String> visited = new ArrayList<>();
        built.forEach((name, value) -> visited.add(name + "=" + value));
        List<String> wanted = new ArrayList<>();
        expected.forEach((name, value) -> wanted.add(name + "=" + value));
        assertThat(visited).isEqualTo(wanted);
        for (Map.Entry<String, FeatureValue> e : expected.entrySet()) {
            // an equal name that is not the same instance
            String copy = new String(e.getKey().toCharArray());
            assertThat(built.get(copy)).isEqualTo(e.getValue());
            assertThat(built.containsKey(copy)).isTrue();
        }
        assertThat(built.get("nope")).isNull();
        assertThat(built.containsKey(42)).isFalse();
        assertThatThrownBy(() -> built.put("x", FeatureValue.MISSING))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 17, 300})
    void refusesADuplicateNameAndKeepsTheFirstValue(int before) {
        FeedbackEvent.Features builder = new FeedbackEvent.Features(2);
        for (int i = 0; i < before; i++) {
            builder.put("f" + i, FeatureValue.of(i));
        }
        String again = new String("f0".toCharArray());

        assertThat(builder.put(again, FeatureValue.of(-1))).isFalse();
        assertThat(builder.put("f" + (before - 1), FeatureValue.of(-1))).isFalse();

        Map<String, FeatureValue> built = builder.build();
        assertThat(built).hasSize(before).containsEntry("f0", FeatureValue.of(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void refusesANullName(int before) {
        FeedbackEvent.Features builder = new FeedbackEvent.Features(2);
        for (int i = 0; i < before; i++) {
            builder.put("f" + i, FeatureValue.of(i));
        }
        assertThatThrownBy(() -> builder.put(null, FeatureValue.of(1)))
                .isInstanceOf(NullPointerException.class);
    }
}
