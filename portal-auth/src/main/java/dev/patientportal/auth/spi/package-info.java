/**
 * The stores login needs, for hosts (or {@code portal-jpa}) to implement: {@link
 * dev.patientportal.auth.spi.ChallengeStore}, {@link dev.patientportal.auth.spi.SessionStore}, {@link
 * dev.patientportal.auth.spi.LockoutStore} and {@link dev.patientportal.auth.spi.RateLimitStore}, bundled as {@link
 * dev.patientportal.auth.spi.AuthStores}. Single-node defaults in memory (a compact challenge store, Caffeine for the
 * others) come from {@link dev.patientportal.auth.spi.AuthStores#inMemory()}.
 *
 * <p>Every operation that decides something is <em>atomic</em>: one step that a database performs as one conditional
 * {@code UPDATE} (or under a row lock), so that several nodes sharing one database still get exactly the limits
 * configured. The stores hold no code, token or identifier in clear: codes arrive as HMACs, tokens as hashes,
 * identifiers as keyed pseudonyms. The abstract contract tests of {@code portal-tck}
 * ({@code dev.patientportal.tck}) pin the semantics down, with real threads.
 *
 * <p>Every method is called on the caller's thread inside a unit of work of login's own (one call of
 * {@link dev.patientportal.core.spi.TransactionRunner#inNewTransaction}), alone or with the few calls that belong to
 * the same step (a verify spends the attempt and counts the identity's failure in one); the unit commits before login
 * acts on the result, so a counted failure is never rolled back with the failed login. Implementations must be safe for concurrent
 * use and report failures of their backend as {@link dev.patientportal.core.TemporaryFailureException}. New operations
 * are only ever added as {@code default} methods.
 */
@NullMarked
package dev.patientportal.auth.spi;

import org.jspecify.annotations.NullMarked;
