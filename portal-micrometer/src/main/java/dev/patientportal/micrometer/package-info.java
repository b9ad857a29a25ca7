/**
 * Micrometer meters for the portal. {@link dev.patientportal.micrometer.PortalMeters} is the
 * {@link dev.patientportal.core.spi.PortalMetricsListener} that counts and times on a {@code MeterRegistry}; give it
 * to {@code JpaPortal.Builder.metrics(...)}. {@link dev.patientportal.micrometer.OutboxMeters} binds the outbox's gauges
 * to an {@link dev.patientportal.jpa.OutboxAdmin}. Tags are the institution, the channel and an outcome or reason only:
 * never a patient id, a name, a phone number, an e-mail address, a TAJ or a document title.
 */
@NullMarked
package dev.patientportal.micrometer;

import org.jspecify.annotations.NullMarked;
