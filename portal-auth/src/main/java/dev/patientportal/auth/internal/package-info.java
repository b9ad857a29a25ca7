/**
 * Implementation of login. <strong>No compatibility guarantee:</strong> anything here may change or disappear in any
 * release; hosts use {@link dev.patientportal.auth.PortalLogin} and the factories of {@code dev.patientportal.auth.spi}
 * instead.
 */
@NullMarked
package dev.patientportal.auth.internal;

import org.jspecify.annotations.NullMarked;
