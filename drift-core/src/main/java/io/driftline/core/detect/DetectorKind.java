package io.driftline.core.detect;

/** The change detectors Driftline provides, with the tag that identifies each in a snapshot. */
public enum DetectorKind {
    ADWIN(1, "adwin"),
    PAGE_HINKLEY(2, "page_hinkley"),
    DDM(3, "ddm"),
    EDDM(4, "eddm"),
    HDDM_A(5, "hddm_a"),
    HDDM_W(6, "hddm_w"),
    KSWIN(7, "kswin"),
    CUSUM(8, "cusum");

    private final int tag;
    private final String displayName;

    DetectorKind(int tag, String displayName) {
        this.tag = tag;
        this.displayName = displayName;
    }

    /** The byte that identifies this detector in a snapshot. */
    public int tag() {
        return tag;
    }

    /** The snake_case name used in reports, metrics and benchmark names. */
    public String displayName() {
        return displayName;
    }

    /** Returns the kind with the given snapshot tag. */
    public static DetectorKind fromTag(int tag) {
        for (DetectorKind kind : values()) {
            if (kind.tag == tag) {
                return kind;
            }
        }
        throw new IllegalArgumentException(String.format("Unknown detector tag %s", tag));
    }
}
