package io.driftline.core.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.summary.WindowSummary;
import io.driftline.events.DriftReport;
import io.driftline.events.Severity;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaDriftRuleTest {

    private static WindowSummary reference() {
        WindowSummary reference = new WindowSummary();
        for (int i = 0; i < 1000; i++) {
            reference.observe(
                    Map.of(
                            "amount",
                            (double) i,
                            "region",
                            i % 2 == 0 ? "north" : "south",
                            "age",
                            30.0),
                    1.0,
                    null);
        }
        return reference;
    }

    @Test
    void theSameShapeIsNoSchemaDrift() {
        assertThat(SchemaDriftRule.compare(reference(), reference()))
                .isEqualTo(DriftReport.SchemaDrift.NONE);
    }

    @Test
    void aFewOddValuesAndANewFeatureAreAWarning() {
        WindowSummary window = new WindowSummary();
        for (int i = 0; i < 100; i++) {
            Map<String, Object> values = new HashMap<>();
            values.put("amount", i == 0 ? "NaN" : (Object) (double) i); // one string: a kind change
            values.put("region", i < 3 ? "west" : "north"); // three unseen values
            values.put("age", 31.0);
            values.put("device", "ios"); // new
            window.observe(values, 1.0, null);
        }

        DriftReport.SchemaDrift schema = SchemaDriftRule.compare(reference(), window);

        assertThat(schema.kindChanges()).containsExactly(Map.entry("amount", 1L));
        assertThat(schema.unseenCategories()).containsExactly(Map.entry("region", 3L));
        assertThat(schema.newFeatures()).containsExactly("device");
        assertThat(schema.missingFeatures()).isEmpty();
        assertThat(schema.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void aMissingFeatureOrAFeatureThatChangedKindIsDrift() {
        WindowSummary missingAge = new WindowSummary();
        WindowSummary amountAsText = new WindowSummary();
        for (int i = 0; i < 100; i++) {
            missingAge.observe(Map.of("amount", 1.0, "region", "north"), 1.0, null);
            amountAsText.observe(
                    Map.of("amount", "12.50 EUR", "region", "north", "age", 30.0), 1.0, null);
        }

        DriftReport.SchemaDrift missing = SchemaDriftRule.compare(reference(), missingAge);
        assertThat(missing.missingFeatures()).containsExactly("age");
        assertThat(missing.severity()).isEqualTo(Severity.DRIFT);

        DriftReport.SchemaDrift changed = SchemaDriftRule.compare(reference(), amountAsText);
        assertThat(changed.kindChanges()).containsExactly(Map.entry("amount", 100L));
        assertThat(changed.severity()).isEqualTo(Severity.DRIFT);
    }
}
