/**
 * The SMS channel through Twilio: {@link dev.patientportal.notify.twilio.TwilioSmsChannel}, and helpers for delivery
 * status callbacks ({@link dev.patientportal.notify.twilio.TwilioSignatureValidator},
 * {@link dev.patientportal.notify.twilio.TwilioStatusCallback}). Public API, semantic versioning. Needs the optional
 * dependency {@code com.twilio.sdk:twilio}.
 */
@NullMarked
package dev.patientportal.notify.twilio;

import org.jspecify.annotations.NullMarked;
