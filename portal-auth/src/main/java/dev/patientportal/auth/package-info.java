/**
 * The public API of patient login: {@link dev.patientportal.auth.PortalLogin} starts and verifies one-time-code
 * challenges for e-mail + phone and TAJ + phone access, mints session tokens and resolves them for
 * {@link dev.patientportal.core.PatientPortal}.
 *
 * <p>Everything here follows semantic versioning. Nothing is {@code null} unless marked
 * {@link org.jspecify.annotations.Nullable}. Failures are {@link dev.patientportal.core.PortalException} subclasses;
 * their messages, and every log line and audit event of this module, hold no personal data, no code and no token.
 */
@NullMarked
package dev.patientportal.auth;

import org.jspecify.annotations.NullMarked;
