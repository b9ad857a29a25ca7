/** The web API's controllers, problems and session handling. Not an API: may change in any release. */
@NullMarked
package dev.patientportal.spring.web.internal;

import org.jspecify.annotations.NullMarked;
