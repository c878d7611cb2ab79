package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bson.BsonBinary;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventDocumentsTest {

    static java.util.stream.Stream<Object> events() {
        return EventJsonRoundTripTest.events();
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyMessageRoundTripsThroughADocument(Object event) {
        BsonDocument document = EventDocuments.toDocument(event);

        ParseResult<?> back = EventDocuments.fromDocument(document, event.getClass());

        assertThat(back.isValid()).as("reason: %s", back).isTrue();
        assertThat(back.value()).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("events")
    void theDocumentIsTheJsonContractFieldForField(Object event) {
        // what was stored before the codec (the JSON string parsed by the driver) is what is
        // stored now: same names, same order, same BSON number types
        assertThat(EventDocuments.toDocument(event))
                .isEqualTo(BsonDocument.parse(EventJson.toJsonString(event)));
    }

    @ParameterizedTest
    @MethodSource("events")
    void driverDocumentsCarryTheSameContract(Object event) {
        org.bson.Document document = EventDocuments.toMongoDocument(event);
        document.put("_id", "x");
        document.put("updated_at", 5L);

        assertThat(document.toBsonDocument().clone())
                .satisfies(
                        d -> {
                            d.remove("_id");
                            d.remove("updated_at");
                            assertThat(d).isEqualTo(EventDocuments.toDocument(event));
                        });
        assertThat(EventDocuments.fromDocument(document, event.getClass()).value())
                .isEqualTo(event);
    }

    @Test
    void theIdIsIgnoredAndDatesAreEpochMillis() {
        BsonDocument document = EventDocuments.toDocument(SampleEvents.trigger());
        document.put("_id", new BsonObjectId());
        long at = SampleEvents.trigger().triggeredAt();
        document.put("triggered_at", new BsonDateTime(at));

        ParseResult<RetrainTrigger> back =
                EventDocuments.fromDocument(document, RetrainTrigger.class);

        assertThat(back.value()).isEqualTo(SampleEvents.trigger());
    }

    @Test
    void aDocumentOutsideTheContractIsInvalidWithTheSameReasonsAsJson() {
        BsonDocument wrongType = EventDocuments.toDocument(SampleEvents.trigger());
        wrongType.put("triggered_at", new BsonString("yesterday"));
        BsonDocument binary = EventDocuments.toDocument(SampleEvents.trigger());
        binary.put("model", new BsonBinary(new byte[] {1, 2}));
        byte[] json = EventJson.toJson(SampleEvents.trigger());
        String jsonReason =
                EventJson.parseRetrainTrigger(
                                new String(json, java.nio.charset.StandardCharsets.UTF_8)
                                        .replaceFirst(
                                                "\"triggered_at\":[0-9]+",
                                                "\"triggered_at\":\"yesterday\"")
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .reason();

        assertThat(EventDocuments.fromDocument(wrongType, RetrainTrigger.class).reason())
                .isEqualTo(jsonReason);
        assertThat(EventDocuments.fromDocument(binary, RetrainTrigger.class).reason())
                .isEqualTo("wrong type: model (unsupported bson binary)");
        assertThat(EventDocuments.fromDocument((BsonDocument) null, RetrainTrigger.class).isValid())
                .isFalse();
    }

    @Test
    void theRawJsonOfADocumentParsesAsTheMessage() {
        BsonDocument document = EventDocuments.toDocument(SampleEvents.modelPublished());
        document.put("_id", new BsonObjectId());
        document.put("published_at", new BsonInt64(SampleEvents.modelPublished().publishedAt()));

        byte[] json = EventDocuments.toJson(document);

        assertThat(EventJson.parseModelPublished(json).value())
                .isEqualTo(SampleEvents.modelPublished());
    }

    @Test
    void nonFiniteNumbersCannotBecomeDocuments() {
        assertThatThrownBy(
                        () ->
                                EventDocuments.toDocument(
                                        new MetricSample("up", null, Double.NaN, 0L)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
