/**
 * The e-mail channel: {@link dev.patientportal.notify.mail.JakartaMailChannel} sends over SMTP with Jakarta Mail
 * (Eclipse Angus), configured by {@link dev.patientportal.notify.mail.SmtpSettings}. Public API, semantic versioning.
 */
@NullMarked
package dev.patientportal.notify.mail;

import org.jspecify.annotations.NullMarked;
