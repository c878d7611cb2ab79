package io.driftline.trainer.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftline.trainer.data.FeedbackRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelEncodingTest {

    @TempDir Path dir;

    @Test
    void standardizesNumericsWithAMissingIndicator() {
        FeatureEncoder encoder =
                FeatureEncoder.fit(
                        List.of(
                                row(Map.of("x", 1.0)),
                                row(Map.of("x", 3.0)),
                                row(features("x", null))),
                        10,
                        8);

        FeatureColumn x = encoder.columns().get(0);
        assertThat(x.kind()).isEqualTo(FeatureColumn.Kind.NUMERIC);
        assertThat(x.mean()).isEqualTo(2.0);
        assertThat(x.std()).isEqualTo(1.0);
        assertThat(x.missingIndicator()).isTrue();
        assertThat(encoder.encode(Map.of("x", 3.0))).containsExactly(1f, 0f);
        assertThat(encoder.encode(features("x", null))).containsExactly(0f, 1f);
        assertThat(encoder.encode(Map.of())).containsExactly(0f, 1f);
    }

    @Test
    void oneHotsASmallVocabularyWithAnOtherSlot() {
        FeatureEncoder encoder =
                FeatureEncoder.fit(
                        List.of(
                                row(Map.of("c", "red")),
                                row(Map.of("c", "blue")),
                                row(Map.of("c", 3.0))),
                        10,
                        8);

        FeatureColumn c = encoder.columns().get(0);
        assertThat(c.kind()).isEqualTo(FeatureColumn.Kind.ONE_HOT);
        assertThat(c.vocabulary()).containsExactly("3", "blue", "red");
        assertThat(encoder.encode(Map.of("c", "red"))).containsExactly(0f, 0f, 1f, 0f);
        assertThat(encoder.encode(Map.of("c", 3.0))).containsExactly(1f, 0f, 0f, 0f);
        assertThat(encoder.encode(Map.of("c", "green"))).containsExactly(0f, 0f, 0f, 1f);
    }

    @Test
    void hashesAVocabularyAboveTheLimit() {
        List<FeedbackRow> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(row(Map.of("id", "user-" + i)));
        }
        FeatureEncoder encoder = FeatureEncoder.fit(rows, 5, 8);

        assertThat(encoder.columns().get(0).kind()).isEqualTo(FeatureColumn.Kind.HASHED);
        assertThat(encoder.width()).isEqualTo(8);
        float[] encoded = encoder.encode(Map.of("id", "user-3"));
        assertThat(sum(encoded)).isEqualTo(1f);
        assertThat(encoder.encode(Map.of("id", "user-3"))).containsExactly(encoded);
    }

    @Test
    void roundTripsThroughEncoderJson() throws Exception {
        List<FeedbackRow> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(
                    row(
                            features(
                                    "amount", i % 7 == 0 ? null : i * 1.5,
                                    "country", i % 2 == 0 ? "DE" : "FR",
                                    "device", "d" + i)));
        }
        ModelEncoding encoding =
                ModelEncoding.of(
                        FeatureEncoder.fit(rows, 10, 16),
                        LabelEncoder.classes(List.of("no", "yes")));

        encoding.write(dir);
        ModelEncoding read = ModelEncoding.read(dir);

        assertThat(read).isEqualTo(encoding);
        assertThat(read.featureEncoder().width()).isEqualTo(2 + 3 + 16);
        for (FeedbackRow row : rows) {
            assertThat(read.featureEncoder().encode(row.features()))
                    .containsExactly(encoding.featureEncoder().encode(row.features()));
        }
        assertThat(read.label().classIndex("yes")).isEqualTo(1);
    }

    @Test
    void standardizesAndRestoresANumericTarget() {
        LabelEncoder label = LabelEncoder.standardized(10, 2);

        assertThat(label.standardize(14)).isEqualTo(2f);
        assertThat(label.destandardize(-1f)).isCloseTo(8.0, within(1e-9));
        assertThat(LabelEncoder.standardized(3, 0).std()).isEqualTo(1.0);
    }

    private static FeedbackRow row(Map<String, Object> features) {
        return new FeedbackRow("id", 0, features, null);
    }

    private static Map<String, Object> features(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static float sum(float[] values) {
        float s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}
