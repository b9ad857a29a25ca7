/**
 * The public API of {@code portal-notify}: {@link dev.patientportal.notify.PortalNotifier} (core's
 * {@code Notifier} and {@code CodeSender}), the {@link dev.patientportal.notify.NotificationPolicy}, PHI-free
 * {@link dev.patientportal.notify.Templates} with their linter, SMS cost tools
 * ({@link dev.patientportal.notify.SmsSegments}, {@link dev.patientportal.notify.GsmTransliterator}) and the
 * delivery outcomes ({@link dev.patientportal.notify.DeliveryResult}, {@link dev.patientportal.notify.DeliveryReport}).
 *
 * <p>Everything here follows semantic versioning. Nothing is {@code null} unless marked
 * {@link org.jspecify.annotations.Nullable}. No log line, exception message, SMS or push body produced here holds
 * personal data. The provider channels live in {@code .mail}, {@code .twilio} and {@code .firebase}; Twilio and
 * Firebase Admin are optional dependencies a host adds only when it uses them.
 */
@NullMarked
package dev.patientportal.notify;

import org.jspecify.annotations.NullMarked;
