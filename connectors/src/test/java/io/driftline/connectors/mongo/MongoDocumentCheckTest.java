package io.driftline.connectors.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MongoDocumentCheckTest {

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
        MongoDocumentCheck<FeedbackEvent> check =
                new MongoDocumentCheck<>(new FeedbackDocumentSerializationSchema());

        assertThat(check.apply(withFeature("amount"))).isNull();
        // the decoder refuses such names; this guard holds even for a record that got past it
        assertThat(check.apply(withFeature("a\u0000b"))).startsWith("BsonSerializationException");
    }
}
