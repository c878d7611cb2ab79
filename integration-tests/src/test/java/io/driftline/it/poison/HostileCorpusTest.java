package io.driftline.it.poison;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.EventJson;
import io.driftline.events.JdkUtf8;
import io.driftline.events.ParseResult;
import io.driftline.it.poison.HostileCorpus.Hostile;
import io.driftline.it.poison.HostileCorpus.ValidOdd;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The corpus itself: big enough, traceable, and each record what its category says it is. */
class HostileCorpusTest {

    static final long NOW = 1_760_000_000_000L;

    @Test
    void hasAtLeast300TraceableRecordsInEveryCategory() {
        List<Hostile> hostile = HostileCorpus.hostile(NOW);
        assertThat(hostile).hasSizeGreaterThanOrEqualTo(300);
        Set<String> ids = new HashSet<>();
        for (Hostile h : hostile) {
            if (h.eventId() != null) {
                assertThat(ids.add(h.eventId())).as("unique id %s", h.eventId()).isTrue();
            }
        }
        assertThat(hostile.stream().map(Hostile::category).collect(Collectors.toSet()))
                .contains(
                        "not-json",
                        "truncated-json",
                        "binary-garbage",
                        "invalid-utf8",
                        "utf8-bom",
                        "utf-16le",
                        "utf-16be",
                        "utf-32le",
                        "utf-32be",
                        "lone-surrogate-escape",
                        "deep-nesting",
                        "duplicate-keys",
                        "wrong-type",
                        "non-finite",
                        "huge-payload",
                        "huge-number",
                        "bad-model-name",
                        "bad-timestamp",
                        "no-features",
                        "bad-feature-name",
                        "bad-segment-key");
        assertThat(hostile.stream().filter(h -> h.category().equals("huge-payload")))
                .allMatch(h -> h.bytes().length > 1 << 20);
    }

    @Test
    void encodingCasesAreWhatTheySay() {
        for (Hostile h : HostileCorpus.hostile(NOW)) {
            switch (h.category()) {
                case "invalid-utf8" ->
                        assertThat(JdkUtf8.decodes(h.bytes())).as(h.toString()).isFalse();
                case "utf8-bom" -> {
                    assertThat(h.bytes()).startsWith(0xEF, 0xBB, 0xBF);
                    assertThat(JdkUtf8.decodes(h.bytes()))
                            .isTrue(); // the BOM itself is valid UTF-8
                }
                case "utf-16le", "utf-16be", "utf-16-bom", "utf-32le", "utf-32be", "utf-32-bom" ->
                        assertThat(h.bytes()).contains(0);
                case "lone-surrogate-escape" -> {
                    assertThat(JdkUtf8.decodes(h.bytes())).isTrue();
                    assertThat(new String(h.bytes(), StandardCharsets.UTF_8))
                            .containsPattern("\\\\u[dD][89a-fA-F]");
                }
                default -> {}
            }
        }
    }

    @Test
    void validOddEventsAreValidForTodaysParserAndStrictUtf8() {
        List<ValidOdd> odd = HostileCorpus.validOdd(NOW);
        assertThat(odd).hasSizeGreaterThanOrEqualTo(20);
        for (ValidOdd v : odd) {
            assertThat(JdkUtf8.decodes(v.bytes())).as(v.name()).isTrue();
            ParseResult<?> parsed = EventJson.parseFeedback(v.bytes());
            assertThat(parsed.isValid()).as("%s: %s", v.name(), parsed).isTrue();
        }
    }
}
