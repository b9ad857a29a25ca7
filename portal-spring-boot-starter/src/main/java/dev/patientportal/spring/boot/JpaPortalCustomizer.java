package dev.patientportal.spring.boot;

import dev.patientportal.jpa.JpaPortal;

/**
 * Adjusts the {@link JpaPortal.Builder} the starter prepared from {@code portal.*} properties, just before it builds:
 * for what has no property (event listeners, reservation and document policies, templates, a content store) and for
 * other auto-configurations (metrics). Every bean of this type is applied, in {@code @Order}.
 *
 * <pre>{@code
 * @Bean JpaPortalCustomizer bookingPolicy() {
 *     return builder -> builder.reservationPolicy(ReservationPolicy.builder().maxActiveBookings(2).build());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface JpaPortalCustomizer {
    /**
     * Adjusts the builder.
     *
     * @param builder the builder, with the database, the host's beans, the channels and the keys already set
     */
    void customize(JpaPortal.Builder builder);
}
