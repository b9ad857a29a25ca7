/**
 * What a host implements, or takes from {@code portal-notify} or {@code portal-jpa}, to connect notifications to its
 * stores and providers: the {@link dev.patientportal.notify.spi.DeviceRegistry} of push tokens, the
 * {@link dev.patientportal.notify.spi.SmsUsageLedger}, the institution settings, and the channel interfaces
 * {@link dev.patientportal.notify.spi.EmailChannel}, {@link dev.patientportal.notify.spi.SmsChannel} and
 * {@link dev.patientportal.notify.spi.PushChannel} for plugging in other providers.
 *
 * <p>Every interface documents who calls it, on which thread and inside which unit of work. New operations are only
 * ever added as {@code default} methods. Abstract contract tests for the registry and the ledger are published in
 * {@code portal-tck} (package {@code dev.patientportal.tck}). Nothing here is {@code null}
 * unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.patientportal.notify.spi;

import org.jspecify.annotations.NullMarked;
