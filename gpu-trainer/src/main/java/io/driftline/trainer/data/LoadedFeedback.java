package io.driftline.trainer.data;

import java.util.List;
import java.util.Map;

/**
 * The rows a retrain will use and what was left out.
 *
 * @param rows valid rows, oldest first (ties by id), at most the row limit
 * @param validSeen valid rows in the window before sampling
 * @param invalid reason to count of rows left out as invalid
 * @param sampled whether {@code rows} is a reservoir sample of {@code validSeen}
 * @param newestTs the newest event time among {@code rows}, or -1 when empty
 */
public record LoadedFeedback(
        List<FeedbackRow> rows,
        long validSeen,
        Map<String, Long> invalid,
        boolean sampled,
        long newestTs) {

    public LoadedFeedback {
        rows = List.copyOf(rows);
        invalid = Map.copyOf(invalid);
    }

    /** Rows left out as invalid, all reasons together. */
    public long invalidCount() {
        return invalid.values().stream().mapToLong(Long::longValue).sum();
    }
}
