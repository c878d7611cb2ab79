package io.driftline.stack.workload;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The kinds of bad input production pipelines see, for the synthetic workload: truncated JSON,
 * wrong types, missing fields, NaN, path-like model names, oversized strings. Each must end up in
 * the dead-letter topic with a reason, never in MongoDB and never crashing a job.
 */
final class MalformedRecords {

    private MalformedRecords() {}

    private static final String[] TEMPLATES = {
        "{\"event_id\":\"%s\",\"model\":\"credit-risk\",\"ts\":%d,\"features\":{\"income\":",
        "{\"event_id\":\"%s\",\"model\":\"credit-risk\",\"ts\":\"%d\",\"features\":{},\"prediction\":1}",
        "{\"event_id\":\"%s\",\"ts\":%d,\"features\":{\"age\":30},\"prediction\":1}",
        "{\"event_id\":\"%s\",\"model\":\"../../etc\",\"ts\":%d,\"features\":{},\"prediction\":1}",
        "{\"event_id\":\"%s\",\"model\":\"churn\",\"ts\":%d,\"features\":{\"tenure_months\":NaN},\"prediction\":0}",
        "{\"event_id\":\"%s\",\"model\":\"churn\",\"ts\":%d,\"features\":[1,2,3],\"prediction\":0}",
        "{\"event_id\":\"%s\",\"model\":\"churn\",\"ts\":%d,\"features\":{},\"prediction\":0,\"confidence_score\":7}",
        "not json at all %s %d",
    };

    static byte[] next(SplittableRandom rnd, long now) {
        String id = Long.toHexString(rnd.nextLong());
        String json = String.format(TEMPLATES[rnd.nextInt(TEMPLATES.length)], id, now);
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
