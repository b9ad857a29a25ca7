/**
 * Abstract contract tests for the SPIs of {@code portal-notify}, published in its test jar: an implementation of
 * {@link dev.patientportal.notify.spi.DeviceRegistry} or {@link dev.patientportal.notify.spi.SmsUsageLedger} (the
 * in-memory ones here, {@code portal-jpa}'s on each database, a host's own) extends the matching contract to prove it.
 */
@NullMarked
package dev.patientportal.notify.contract;

import org.jspecify.annotations.NullMarked;
