/**
 * The public API of the Patient Portal SDK core: {@link dev.patientportal.core.PatientPortal}, its staff and patient
 * facades, and the immutable value types they exchange.
 *
 * <p>Everything here follows semantic versioning. Nothing in this package is {@code null} unless marked
 * {@link org.jspecify.annotations.Nullable}. Failures are reported as subclasses of
 * {@link dev.patientportal.core.PortalException}; their messages never contain personal data.
 *
 * <p><b>Failures outside that hierarchy.</b> When a host SPI ({@code SchedulingGateway}, {@code PatientDirectory}, a
 * store, the notifier, the session resolver) throws a {@link java.lang.RuntimeException} that is not a
 * {@code PortalException}, a facade operation (of {@link dev.patientportal.core.AccessAdministration},
 * {@link dev.patientportal.core.DocumentAdministration} and {@link dev.patientportal.core.PatientView}) rolls back its
 * unit of work, records one audit event with outcome {@link dev.patientportal.core.AuditEvent.Outcome#FAILED} and
 * details {@code error=unexpected} and {@code exception=<class name>} (never the message, which may hold personal
 * data), and rethrows the same exception unchanged: not wrapped, so the host's own error handling (its transaction
 * rollback rules, its retry on its own transient exceptions, its error pages) sees its own exception type. The portal
 * logs the class name only. A host that wants the portal's exceptions alone maps such failures itself, typically to
 * {@link dev.patientportal.core.TemporaryFailureException}'s HTTP 503.
 */
@NullMarked
package dev.patientportal.core;

import org.jspecify.annotations.NullMarked;
