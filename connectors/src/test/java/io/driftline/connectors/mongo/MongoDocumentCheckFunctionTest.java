package io.driftline.connectors.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MongoDocumentCheckFunctionTest {

    private static FeedbackEvent withFeature(String name) {
        return new FeedbackEvent(
                "e-1",
                "m",
                null,
                1_700_000_000_000L,
                Map.of(name, new FeatureValue.Numeric(1)),
                new FeatureValue.Numeric(1),
                null,
                null,
                Map.of());
    }

    @Test
    void aDocumentBsonCannotEncodeIsRefusedBeforeTheSink() {
        MongoDocumentCheckFunction<FeedbackEvent> check =
                new MongoDocumentCheckFunction<>(
                        new FeedbackDocumentSerializationSchema(), "driftline.feedback");

        assertThat(check.problem(withFeature("amount"))).isNull();
        // the decoder refuses such names; this guard holds even for a record that got past it
        assertThat(check.problem(withFeature("a\u0000b"))).startsWith("BsonSerializationException");
    }
}
