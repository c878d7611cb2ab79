package io.driftline.core.summary;

/** The kind of values a feature carries, which decides how it is summarised and compared. */
public enum ObservedKind {
    /** No non-missing value seen yet. */
    UNKNOWN("unknown"),
    /** Numbers, summarised in a quantile sketch. */
    NUMERIC("numeric"),
    /** Strings, summarised in a bounded frequency map. */
    CATEGORICAL("categorical");

    private final String wireName;

    ObservedKind(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used in reports and profiles. */
    public String wireName() {
        return wireName;
    }

    /** Parses a {@link #wireName()}. */
    public static ObservedKind fromWireName(String name) {
        for (ObservedKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown feature kind '" + name + "', expected numeric, categorical or unknown");
    }
}
