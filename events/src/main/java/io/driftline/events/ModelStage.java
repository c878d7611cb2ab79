package io.driftline.events;

/**
 * The lifecycle stage of a registered model version; JSON {@code staging | production | archived}.
 */
public enum ModelStage {
    STAGING,
    PRODUCTION,
    ARCHIVED
}
