/**
 * In-memory reference implementations of every portal-core SPI, recording test doubles, a settable clock and a
 * {@link dev.patientportal.testkit.TestPortal} that wires a complete {@link dev.patientportal.core.PatientPortal} from
 * them, for the SDK's own tests, for hosts' tests and for demos.
 *
 * <p>Every class here is safe for concurrent use unless its Javadoc says otherwise. Nothing here is meant for
 * production: data lives in memory only, and {@link dev.patientportal.testkit.RecordingCodeSender} keeps one-time codes
 * in clear so a test can read them. Nothing in this package is {@code null} unless marked
 * {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.patientportal.testkit;

import org.jspecify.annotations.NullMarked;
