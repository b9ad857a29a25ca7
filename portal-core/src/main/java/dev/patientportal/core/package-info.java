/**
 * The public API of the Patient Portal SDK core: {@link dev.patientportal.core.PatientPortal}, its staff and patient
 * facades, and the immutable value types they exchange.
 *
 * <p>Everything here follows semantic versioning. Nothing in this package is {@code null} unless marked
 * {@link org.jspecify.annotations.Nullable}. Failures are reported as subclasses of
 * {@link dev.patientportal.core.PortalException}; their messages never contain personal data.
 */
@NullMarked
package dev.patientportal.core;

import org.jspecify.annotations.NullMarked;
