package io.driftline.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.testing.TestingFeedback;
import io.driftline.trainer.testing.TestingMongo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeedbackStoreTest {

    private TestingMongo mongo;
    private MongoCollection<Document> collection;
    private FeedbackStore store;

    @BeforeEach
    void start() {
        mongo = new TestingMongo();
        collection = mongo.database("driftline").getCollection("ml_feedback");
        store = new FeedbackStore(collection);
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void countsInvalidRowsByReason() {
        List<Document> docs = new ArrayList<>();
        docs.add(TestingFeedback.document("ok-1", "m", 1, Map.of("x", 1.0), 2.0));
        docs.add(TestingFeedback.document("ok-2", "m", 2, features("x", 1.0, "c", "a"), 3.0));
        docs.add(TestingFeedback.document("no-actual", "m", 3, Map.of("x", 1.0), null));
        docs.add(TestingFeedback.document("text-label", "m", 4, Map.of("x", 1.0), "yes"));
        docs.add(TestingFeedback.document("no-features", "m", 5, features("x", null), 1.0));
        docs.add(TestingFeedback.document("bool", "m", 6, Map.of("x", true), 1.0));
        docs.add(TestingFeedback.document("other-model", "n", 7, Map.of("x", 1.0), 1.0));
        new TestingFeedback(collection).insert(docs);

        LoadedFeedback loaded =
                store.load("m", ModelFamily.MLP_REGRESSOR, Long.MIN_VALUE, 100, 1000, 1, 1);

        assertThat(loaded.rows()).extracting(FeedbackRow::id).containsExactly("ok-1", "ok-2");
        assertThat(loaded.invalid())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                FeedbackStore.MISSING_ACTUAL, 1L,
                                FeedbackStore.NON_NUMERIC_LABEL, 1L,
                                FeedbackStore.TOO_FEW_FEATURES, 1L,
                                FeedbackStore.UNSUPPORTED_VALUE, 1L));
        assertThat(loaded.rows().get(1).features()).containsEntry("c", "a").containsEntry("x", 1.0);
        assertThat(loaded.newestTs()).isEqualTo(2);
    }

    @Test
    void anAutoencoderNeedsNoOutcomeAndAClassifierTakesTextLabels() {
        new TestingFeedback(collection)
                .insert(
                        List.of(
                                TestingFeedback.document("a", "m", 1, Map.of("x", 1.0), null),
                                TestingFeedback.document("b", "m", 2, Map.of("x", 1.0), "yes")));

        assertThat(store.load("m", ModelFamily.AUTOENCODER, 0, 10, 10, 1, 1).rows()).hasSize(2);
        LoadedFeedback classifier = store.load("m", ModelFamily.MLP_CLASSIFIER, 0, 10, 10, 1, 1);
        assertThat(classifier.rows()).extracting(FeedbackRow::actual).containsExactly("yes");
    }

    @Test
    void readsOnlyTheWindow() {
        List<Document> docs = new ArrayList<>();
        for (int ts = 1; ts <= 10; ts++) {
            docs.add(TestingFeedback.document("e" + ts, "m", ts, Map.of("x", 1.0), 1.0));
        }
        new TestingFeedback(collection).insert(docs);

        LoadedFeedback loaded = store.load("m", ModelFamily.MLP_REGRESSOR, 3, 7, 100, 1, 1);

        assertThat(loaded.rows()).extracting(FeedbackRow::ts).containsExactly(4L, 5L, 6L, 7L);
    }

    @Test
    void samplesDeterministicallyAboveTheRowLimitAndKeepsTimeOrder() {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            docs.add(
                    TestingFeedback.document(
                            String.format("e%05d", i), "m", i, Map.of("x", (double) i), 1.0));
        }
        new TestingFeedback(collection).insert(docs);

        LoadedFeedback first = store.load("m", ModelFamily.MLP_REGRESSOR, -1, 10_000, 300, 1, 42);
        LoadedFeedback again = store.load("m", ModelFamily.MLP_REGRESSOR, -1, 10_000, 300, 1, 42);
        LoadedFeedback other = store.load("m", ModelFamily.MLP_REGRESSOR, -1, 10_000, 300, 1, 7);

        assertThat(first.rows()).hasSize(300);
        assertThat(first.sampled()).isTrue();
        assertThat(first.validSeen()).isEqualTo(2_000);
        assertThat(first.rows())
                .extracting(FeedbackRow::id)
                .isEqualTo(again.rows().stream().map(FeedbackRow::id).toList());
        assertThat(first.rows())
                .extracting(FeedbackRow::id)
                .isNotEqualTo(other.rows().stream().map(FeedbackRow::id).toList());
        assertThat(first.rows()).extracting(FeedbackRow::ts).isSorted();
        // a uniform sample of 0..1999 has its mean near 1000 (sd of the mean ~33)
        double mean = first.rows().stream().mapToLong(FeedbackRow::ts).average().orElseThrow();
        assertThat(mean).isBetween(850.0, 1150.0);
    }

    @Test
    void marksTheRowsUsedWithTheVersion() {
        new TestingFeedback(collection)
                .insert(
                        List.of(
                                TestingFeedback.document("a", "m", 1, Map.of("x", 1.0), 1.0),
                                TestingFeedback.document("b", "m", 2, Map.of("x", 1.0), 1.0),
                                TestingFeedback.document("c", "m", 3, Map.of("x", 1.0), 1.0)));
        List<FeedbackRow> rows = store.load("m", ModelFamily.MLP_REGRESSOR, 1, 3, 10, 1, 1).rows();

        assertThat(store.markUsed(rows, 4)).isEqualTo(2);

        assertThat(collection.find(new Document("used_for_training", true)).into(new ArrayList<>()))
                .extracting(d -> d.get("_id") + ":" + d.get("trained_version"))
                .containsExactlyInAnyOrder("b:4", "c:4");
    }

    private static Map<String, Object> features(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
