/**
 * Jakarta Validation constraints for a host's own form and request objects, so that a web layer rejects a bad TAJ,
 * phone number or e-mail address with the same rules the portal applies. Part of the public API.
 *
 * <pre>{@code
 * record LoginForm(@ValidTaj String taj, @SmsCapablePhone String phone) {}
 * }</pre>
 */
@NullMarked
package dev.patientportal.core.validation;

import org.jspecify.annotations.NullMarked;
