package io.driftline.events;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Payloads near valid ones for property tests: a fragment inserted at, or replacing up to {@code
 * maxReplaced} characters at, any offset up to {@code maxOffset} of a valid payload, and the valid
 * payloads themselves.
 */
final class PayloadMutations {

    private PayloadMutations() {}

    static Arbitrary<byte[]> of(
            Arbitrary<String> valid, Arbitrary<String> fragments, int maxOffset, int maxReplaced) {
        Arbitrary<byte[]> inserted =
                Combinators.combine(valid, Arbitraries.integers().between(0, maxOffset), fragments)
                        .as(
                                (json, at, fragment) -> {
                                    int i = Math.min(at, json.length());
                                    return utf8(
                                            json.substring(0, i) + fragment + json.substring(i));
                                });
        Arbitrary<byte[]> replaced =
                Combinators.combine(
                                valid,
                                Arbitraries.integers().between(0, maxOffset),
                                Arbitraries.integers().between(1, maxReplaced),
                                fragments)
                        .as(
                                (json, at, length, fragment) -> {
                                    int i = Math.min(at, json.length());
                                    int j = Math.min(i + length, json.length());
                                    return utf8(
                                            json.substring(0, i) + fragment + json.substring(j));
                                });
        return Arbitraries.oneOf(inserted, replaced, valid.map(PayloadMutations::utf8));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
