package dev.patientportal.core;

import org.jspecify.annotations.Nullable;

/**
 * What page of a patient's access log to list, newest first.
 *
 * @param cursor the {@link Page#nextCursor()} of the previous page, or {@code null} for the first page
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 */
public record AccessLogFilter(@Nullable String cursor, int limit) {
    /** The default page size. */
    public static final int DEFAULT_LIMIT = 20;

    /** The largest page size. */
    public static final int MAX_LIMIT = 100;

    /**
     * Checks the page size.
     *
     * @param cursor the {@link Page#nextCursor()} of the previous page, or {@code null} for the first page
     * @param limit the page size, 1 to {@value #MAX_LIMIT}
     * @throws ValidationException naming {@code limit} when it is outside 1 to {@value #MAX_LIMIT}
     */
    public AccessLogFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }

    /**
     * The first page, {@value #DEFAULT_LIMIT} entries.
     *
     * @return the filter
     */
    public static AccessLogFilter firstPage() {
        return new AccessLogFilter(null, DEFAULT_LIMIT);
    }

    /**
     * The page after a cursor, with the same size.
     *
     * @param nextCursor the previous page's {@link Page#nextCursor()}
     * @return the filter
     */
    public AccessLogFilter after(String nextCursor) {
        return new AccessLogFilter(nextCursor, limit);
    }

    /**
     * The same filter with another page size.
     *
     * @param newLimit the page size
     * @return the filter
     */
    public AccessLogFilter withLimit(int newLimit) {
        return new AccessLogFilter(cursor, newLimit);
    }
}
