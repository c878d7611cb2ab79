package io.driftline.core.summary;

import io.driftline.core.sketch.CategoryCounts;
import io.driftline.core.sketch.NumericSketch;

/**
 * Sizes of the per-feature summaries: the KLL accuracy parameter and the maximum number of
 * individually counted categories.
 *
 * @param sketchK KLL {@code k} for numeric features (8 to 65535)
 * @param maxDistinctCategories categories counted individually before the other bucket
 */
public record SummaryConfig(int sketchK, int maxDistinctCategories)
        implements java.io.Serializable {

    /** Validates the sizes. */
    public SummaryConfig {
        if (sketchK < 8 || sketchK > 65535) {
            throw new IllegalArgumentException(
                    "sketchK must be in [8, 65535] but was " + sketchK + "; the default is 200");
        }
        if (maxDistinctCategories < 1) {
            throw new IllegalArgumentException(
                    "maxDistinctCategories must be at least 1 but was " + maxDistinctCategories);
        }
    }

    /** k = 200, 256 categories. */
    public static SummaryConfig defaults() {
        return new SummaryConfig(NumericSketch.DEFAULT_K, CategoryCounts.DEFAULT_MAX_DISTINCT);
    }
}
