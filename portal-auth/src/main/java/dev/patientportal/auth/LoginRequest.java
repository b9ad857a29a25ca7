package dev.patientportal.auth;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.InstitutionId;

/**
 * What a patient typed to start a login, as typed: {@link PortalLogin#start} normalises and validates it. One of
 * {@link EmailAndPhone} or {@link TajAndPhone}.
 *
 * <p>The identifiers are personal data: {@link Object#toString()} of every implementation shows only the institution
 * and the method.
 */
public sealed interface LoginRequest permits EmailAndPhone, TajAndPhone {
    /**
     * Returns the institution whose portal the patient logs in to.
     *
     * @return the institution
     */
    InstitutionId institution();

    /**
     * Returns the access method this request asks for.
     *
     * @return the method
     */
    AccessMethod method();
}
