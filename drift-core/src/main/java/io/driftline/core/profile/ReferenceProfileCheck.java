package io.driftline.core.profile;

import io.driftline.core.summary.SummaryConfig;
import io.driftline.events.ModelPublished;
import java.io.Serializable;

/**
 * The rule a model update must pass before the drift job broadcasts it: its reference profile, if
 * any, decodes completely ({@link ReferenceSummary#problem}). A corrupt one is dead-lettered and
 * the model keeps its previous reference.
 */
public final class ReferenceProfileCheck implements Serializable {

    private static final long serialVersionUID = 1L;

    private final SummaryConfig config;

    public ReferenceProfileCheck(SummaryConfig config) {
        this.config = config;
    }

    /** Null when the update passes, else the reason it is dead-lettered. */
    public String problem(ModelPublished published) {
        if (published.referenceProfile() == null) {
            return null;
        }
        String problem = ReferenceSummary.problem(published.referenceProfile(), config);
        return problem == null ? null : "invalid reference profile: " + problem;
    }
}
