package io.driftline.operators.ingest;

import io.driftline.events.ModelPublished;
import io.driftline.operators.profile.ReferenceProfile;
import io.driftline.operators.summary.SummaryConfig;

/**
 * The rule a model update must pass before the drift job broadcasts it: its reference profile, if
 * any, decodes completely ({@link ReferenceProfile#problem}). A corrupt one is dead-lettered and
 * the model keeps its previous reference.
 */
public final class ReferenceProfileCheck implements EventValidationFunction.Check<ModelPublished> {

    private static final long serialVersionUID = 1L;

    private final SummaryConfig config;

    public ReferenceProfileCheck(SummaryConfig config) {
        this.config = config;
    }

    @Override
    public String problem(ModelPublished published) {
        if (published.referenceProfile() == null) {
            return null;
        }
        String problem = ReferenceProfile.problem(published.referenceProfile(), config);
        return problem == null ? null : "invalid reference profile: " + problem;
    }
}
