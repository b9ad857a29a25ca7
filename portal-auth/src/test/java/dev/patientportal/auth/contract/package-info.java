/**
 * Abstract contract tests for the login stores of {@code dev.patientportal.auth.spi}, published in this module's
 * test-jar. An implementation proves itself by extending each class and supplying the store; the tests use random ids,
 * so a shared database is fine, and the concurrency tests use real threads.
 *
 * <pre>{@code
 * class JpaChallengeStoreTest extends ChallengeStoreContract {
 *     @Override protected ChallengeStore store() { return stores.challenges(); }
 *     @Override protected TransactionRunner transactions() { return jpa.transactions(); }
 * }
 * }</pre>
 */
@NullMarked
package dev.patientportal.auth.contract;

import org.jspecify.annotations.NullMarked;
