package dev.patientportal.core;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The clinic's rules for reservations made in the portal. Immutable; built with {@link #builder()}.
 *
 * <pre>{@code
 * ReservationPolicy policy = ReservationPolicy.builder()
 *         .bookingHorizon(Duration.ofDays(60))
 *         .minimumLeadTime(Duration.ofHours(4))
 *         .maxActiveBookings(2)
 *         .service(ServiceTypeId.of("SURGERY"), new ServiceRules(false, Duration.ofDays(3), Duration.ofDays(2)))
 *         .build();
 * }</pre>
 *
 * <p>The horizon, the lead time and the notices of {@link ServiceRules} are elapsed durations on the instant time line,
 * not wall-clock spans: across a change of the clocks, 24 hours' notice is 24 real hours, which the institution's wall
 * clock shows as 23 or 25.
 *
 * @param viewOnly when {@code true}, patients see reservations but cannot book, reschedule or cancel
 * @param bookingHorizon how far ahead a slot may start
 * @param minimumLeadTime how soon a slot may start at the earliest
 * @param maxActiveBookings how many active reservations a patient may hold
 * @param defaultRules the rules of service types without rules of their own
 * @param services rules per service type
 */
public record ReservationPolicy(
        boolean viewOnly,
        Duration bookingHorizon,
        Duration minimumLeadTime,
        int maxActiveBookings,
        ServiceRules defaultRules,
        Map<ServiceTypeId, ServiceRules> services) {

    /**
     * Checks the settings and copies the per-service rules.
     *
     * @param viewOnly when {@code true}, patients see reservations but cannot book, reschedule or cancel
     * @param bookingHorizon how far ahead a slot may start
     * @param minimumLeadTime how soon a slot may start at the earliest
     * @param maxActiveBookings how many active reservations a patient may hold
     * @param defaultRules the rules of service types without rules of their own
     * @param services rules per service type
     * @throws IllegalArgumentException naming every invalid setting
     */
    public ReservationPolicy {
        Objects.requireNonNull(defaultRules, "defaultRules");
        services = Map.copyOf(services);
        List<String> problems = problems(bookingHorizon, minimumLeadTime, maxActiveBookings);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid ReservationPolicy: " + String.join("; ", problems));
        }
    }

    private static List<String> problems(Duration bookingHorizon, Duration minimumLeadTime, int maxActiveBookings) {
        List<String> problems = new java.util.ArrayList<>();
        if (bookingHorizon == null || bookingHorizon.isNegative() || bookingHorizon.isZero()) {
            problems.add("bookingHorizon must be positive");
        }
        if (minimumLeadTime == null || minimumLeadTime.isNegative()) {
            problems.add("minimumLeadTime must not be negative");
        }
        if (bookingHorizon != null && minimumLeadTime != null && minimumLeadTime.compareTo(bookingHorizon) >= 0) {
            problems.add("minimumLeadTime must be shorter than bookingHorizon");
        }
        if (maxActiveBookings < 1) {
            problems.add("maxActiveBookings must be at least 1");
        }
        return problems;
    }

    /**
     * The default policy: bookable, 90 days ahead, at least 2 hours ahead, at most 3 active bookings, 24 hours' notice.
     *
     * @return the default policy
     */
    public static ReservationPolicy defaults() {
        return builder().build();
    }

    /**
     * Starts a policy from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the rules of a service type.
     *
     * @param serviceType the service type
     * @return its own rules, or {@link #defaultRules()}
     */
    public ServiceRules rulesFor(ServiceTypeId serviceType) {
        return services.getOrDefault(serviceType, defaultRules);
    }

    /** Builds a {@link ReservationPolicy}; {@link #build()} checks every setting and reports all problems at once. */
    public static final class Builder {
        private boolean viewOnly;
        private Duration bookingHorizon = Duration.ofDays(90);
        private Duration minimumLeadTime = Duration.ofHours(2);
        private int maxActiveBookings = 3;
        private ServiceRules defaultRules = ServiceRules.DEFAULT;
        private final Map<ServiceTypeId, ServiceRules> services = new HashMap<>();

        private Builder() {}

        /**
         * Makes the portal view-only for reservations.
         *
         * @param viewOnly {@code true} to forbid booking, rescheduling and cancelling
         * @return this builder
         */
        public Builder viewOnly(boolean viewOnly) {
            this.viewOnly = viewOnly;
            return this;
        }

        /**
         * Sets how far ahead a slot may start (default 90 days).
         *
         * @param horizon a positive duration
         * @return this builder
         */
        public Builder bookingHorizon(Duration horizon) {
            this.bookingHorizon = horizon;
            return this;
        }

        /**
         * Sets how soon a slot may start at the earliest (default 2 hours).
         *
         * @param leadTime zero or positive
         * @return this builder
         */
        public Builder minimumLeadTime(Duration leadTime) {
            this.minimumLeadTime = leadTime;
            return this;
        }

        /**
         * Sets how many active reservations a patient may hold (default 3).
         *
         * @param max at least 1
         * @return this builder
         */
        public Builder maxActiveBookings(int max) {
            this.maxActiveBookings = max;
            return this;
        }

        /**
         * Sets the rules of service types without rules of their own.
         *
         * @param rules the default rules
         * @return this builder
         */
        public Builder defaultRules(ServiceRules rules) {
            this.defaultRules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /**
         * Sets the rules of one service type.
         *
         * @param serviceType the service type
         * @param rules its rules
         * @return this builder
         */
        public Builder service(ServiceTypeId serviceType, ServiceRules rules) {
            services.put(Objects.requireNonNull(serviceType, "serviceType"), Objects.requireNonNull(rules, "rules"));
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalStateException naming every invalid setting
         */
        public ReservationPolicy build() {
            List<String> problems = problems(bookingHorizon, minimumLeadTime, maxActiveBookings);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Invalid ReservationPolicy: " + String.join("; ", problems));
            }
            return new ReservationPolicy(
                    viewOnly, bookingHorizon, minimumLeadTime, maxActiveBookings, defaultRules, services);
        }
    }
}
