/**
 * Implementation of {@code portal-notify}. <strong>No compatibility guarantee:</strong> anything here may change or
 * disappear in any release; hosts must not use it.
 */
@NullMarked
package dev.patientportal.notify.internal;

import org.jspecify.annotations.NullMarked;
