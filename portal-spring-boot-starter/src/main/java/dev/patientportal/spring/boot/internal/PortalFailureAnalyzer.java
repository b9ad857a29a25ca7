package dev.patientportal.spring.boot.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Spring Boot's start-up report for a portal that is not configured: each wrong or missing property on a line of its
 * own, instead of the stack trace of a bean that could not be created. Registered in {@code META-INF/spring.factories}.
 */
public final class PortalFailureAnalyzer extends AbstractFailureAnalyzer<PortalConfigurationException> {
    /** For Spring Boot's {@code FailureAnalyzers}. */
    public PortalFailureAnalyzer() {}

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PortalConfigurationException cause) {
        StringBuilder description = new StringBuilder("The Patient Portal could not start:\n");
        for (PortalConfigurationException.Problem p : cause.problems()) {
            description.append("\n    Property: ").append(p.property());
            description.append("\n    Reason: ").append(p.reason()).append('\n');
        }
        return new FailureAnalysis(
                description.toString(),
                "Set the properties above (docs/spring-boot.md explains each portal.* property), or define the"
                        + " beans named. Keys come as id:base64 from the environment, for example"
                        + " portal.keys.codes=${PORTAL_CODE_KEYS}.",
                cause);
    }
}
