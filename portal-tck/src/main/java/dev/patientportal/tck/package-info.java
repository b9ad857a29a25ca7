/**
 * The conformance kit: one abstract JUnit 5 contract per SPI of {@code portal-core}, {@code portal-auth} and
 * {@code portal-notify}, which every implementation extends to prove itself: the in-memory defaults (in this module's
 * own tests), {@code portal-jpa} on each database, and a host's own adapters.
 *
 * <p>Every contract extends {@link dev.patientportal.tck.SpiContract} and is extended the same way: implement
 * {@code subject()} to make the implementation under test, override {@code transactions()} when it needs a unit of
 * work, and fill in the few hooks of that contract (how to put a slot or a patient record into the host's data, how to
 * read audit events back). Tests are grouped in nested suites and named by {@code @DisplayName} sentences. They never
 * clear a store: every test uses fresh institution and patient ids, so they run on a shared database next to other
 * data, and the concurrency tests race real threads.
 *
 * <p><b>Promise.</b> This package is API. The hooks keep their names and meaning; a new hook comes with a default. A
 * release may add tests, since a contract states what every implementation must do: a new test can fail an
 * implementation that was wrong all along, never one that does what the SPI's Javadoc says. Classes of this module use
 * only the API and SPI packages of the other modules, never their {@code internal} ones. Nothing here is {@code null}
 * unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.patientportal.tck;

import org.jspecify.annotations.NullMarked;
