package dev.patientportal.core;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which free slots to list. The portal narrows the window to what the patient may book (lead time and horizon).
 *
 * @param serviceType only slots of this service, or {@code null} for every service the patient may book
 * @param from earliest start, inclusive
 * @param to latest start, exclusive
 * @param limit at most this many slots, 1 to 500
 */
public record SlotQuery(@Nullable ServiceTypeId serviceType, Instant from, Instant to, int limit) {
    /**
     * Checks the window and limit.
     *
     * @param serviceType only slots of this service, or {@code null} for every service the patient may book
     * @param from earliest start, inclusive
     * @param to latest start, exclusive
     * @param limit at most this many slots, 1 to 500
     * @throws ValidationException naming the bad field
     */
    public SlotQuery {
        if (from == null) {
            throw new ValidationException("from", "is required");
        }
        if (to == null) {
            throw new ValidationException("to", "is required");
        }
        if (!to.isAfter(from)) {
            throw new ValidationException("to", "must be after from");
        }
        if (limit < 1 || limit > 500) {
            throw new ValidationException("limit", "must be between 1 and 500");
        }
    }

    /**
     * Slots of one service in a window, at most 50.
     *
     * @param serviceType the service, or {@code null} for all
     * @param from earliest start
     * @param to latest start
     * @return the query
     */
    public static SlotQuery of(@Nullable ServiceTypeId serviceType, Instant from, Instant to) {
        return new SlotQuery(serviceType, from, to, 50);
    }
}
