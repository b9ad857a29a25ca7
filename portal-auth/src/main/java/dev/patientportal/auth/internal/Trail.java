package dev.patientportal.auth.internal;

import dev.patientportal.auth.Factor;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.RequestContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** What one login operation learned so far, for its audit event. */
final class Trail {
    final InstitutionId institution;
    final RequestContext context;
    final String action;
    final Map<String, String> details = new LinkedHashMap<>();

    @Nullable
    PatientId patient;

    @Nullable
    String target;

    Trail(InstitutionId institution, RequestContext context, String action) {
        this.institution = institution;
        this.context = context;
        this.action = action;
    }

    /** The factors as an audit detail: names, comma-separated. */
    static String names(List<Factor> factors) {
        return factors.stream().map(Factor::name).collect(Collectors.joining(","));
    }
}
