/**
 * Abstract JUnit 5 contract tests, one per SPI a persistence module or host implements. Extend one, implement its
 * factory methods, and the tests state what every implementation must do, concurrency included.
 *
 * <p>The contracts never clear a store: every test uses fresh random institution and patient ids, so they run on a
 * shared database next to other data. Every store call goes through {@link
 * dev.patientportal.testkit.contract.ContractSupport#transactions()}; override it when the store needs a transaction.
 *
 * <pre>{@code
 * class JpaAccessGrantStoreTest extends AccessGrantStoreContract {
 *     protected AccessGrantStore createStore() { return new JpaAccessGrantStore(entityManagers); }
 *     protected TransactionRunner transactions() { return jpaTransactions; }
 * }
 * }</pre>
 */
@NullMarked
package dev.patientportal.testkit.contract;

import org.jspecify.annotations.NullMarked;
