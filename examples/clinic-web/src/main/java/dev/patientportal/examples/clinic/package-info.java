/**
 * A demo clinic in the browser: a Spring Boot host of the portal with the clinic's pages, the patient's portal (static
 * pages on portal-spring-web's API) and a dev inbox that keeps every message the demo sends. Not a library: nothing
 * here is API.
 */
@NullMarked
package dev.patientportal.examples.clinic;

import org.jspecify.annotations.NullMarked;
