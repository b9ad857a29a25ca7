package dev.patientportal.core;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of a keyset-paginated list. Pass {@link #nextCursor()} back to get the next page; it is opaque and stable
 * under inserts, unlike an offset.
 *
 * @param items the items of this page
 * @param nextCursor the cursor of the next page, or {@code null} on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {
    /**
     * Copies the items.
     *
     * @param items the items of this page
     * @param nextCursor the cursor of the next page, or {@code null} on the last page
     */
    public Page {
        items = List.copyOf(items);
    }

    /**
     * Returns the cursor of the next page.
     *
     * @return the cursor, or empty on the last page
     */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
