package io.driftline.core.catalog;

/** A model catalog that cannot be used; the message says where and what is wrong. */
public final class CatalogException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public CatalogException(String message) {
        super(message);
    }
}
