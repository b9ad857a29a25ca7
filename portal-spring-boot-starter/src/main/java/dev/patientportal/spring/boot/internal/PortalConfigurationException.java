package dev.patientportal.spring.boot.internal;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The portal cannot start with the application's settings: each problem names the property (or the bean) to fix.
 * {@link PortalFailureAnalyzer} turns it into Spring Boot's start-up report. Messages never quote a key.
 */
public final class PortalConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * One wrong or missing setting.
     *
     * @param property the property, for example {@code portal.institution.zone}, or the bean type that is missing
     * @param reason what is wrong and how to fix it
     */
    public record Problem(String property, String reason) {
        /**
         * Checks the parts.
         *
         * @param property the property
         * @param reason the reason
         */
        public Problem {
            Objects.requireNonNull(property, "property");
            Objects.requireNonNull(reason, "reason");
        }
    }

    @SuppressWarnings("serial") // records of strings, in an immutable list
    private final List<Problem> problems;

    /**
     * Reports problems.
     *
     * @param problems at least one
     */
    public PortalConfigurationException(List<Problem> problems) {
        super("The Patient Portal is not configured: "
                + problems.stream().map(p -> p.property() + ": " + p.reason()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns the problems.
     *
     * @return every problem, in the order found
     */
    public List<Problem> problems() {
        return problems;
    }
}
