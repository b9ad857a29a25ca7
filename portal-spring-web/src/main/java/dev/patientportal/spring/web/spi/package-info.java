/**
 * What a host implements for the web API: {@link dev.patientportal.spring.web.spi.StaffResolver}, which maps a request
 * to the {@link dev.patientportal.core.Staff} its own authentication established.
 */
@NullMarked
package dev.patientportal.spring.web.spi;

import org.jspecify.annotations.NullMarked;
