package io.osprey.filter;

/**
 * Unchecked carrier of a {@link FilterSyntaxException} raised where a checked exception cannot be (a
 * {@link FilteringSource} compiling the filter for a link type it meets in the middle of a capture).
 */
public final class FilterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient FilterSyntaxException syntax;

    public FilterException(String message, FilterSyntaxException cause) {
        super(message, cause);
        this.syntax = cause;
    }

    /** The compile error with its position. */
    public FilterSyntaxException syntax() {
        return syntax;
    }
}
