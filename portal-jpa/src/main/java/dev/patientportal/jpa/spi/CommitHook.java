package dev.patientportal.jpa.spi;

/**
 * Runs an action after the unit of work on the calling thread commits: how {@link dev.patientportal.jpa.OutboxNotifier}
 * wakes the dispatchers of its node the moment a stored notification becomes visible, instead of leaving them to find
 * it at their next poll.
 *
 * <p>Built in: {@link dev.patientportal.jpa.ResourceLocalTransactionRunner} is one. In Spring:
 *
 * <pre>{@code
 * CommitHook afterCommit = action -> TransactionSynchronizationManager.registerSynchronization(
 *         new TransactionSynchronization() {
 *             @Override public void afterCommit() { action.run(); }
 *         });
 * }</pre>
 *
 * <p>Under JTA, register a {@code jakarta.transaction.Synchronization} with the
 * {@code TransactionSynchronizationRegistry} whose {@code afterCompletion(status)} runs the action when
 * {@code status == Status.STATUS_COMMITTED}.
 *
 * <p><b>Threads and transactions:</b> {@link #afterCommit} is called by the outbox notifier on the thread of the unit
 * of work, inside it, once per stored notification (so several times per unit of work). The action is cheap, never
 * throws and may run on any thread; it must not run when the unit of work rolls back (it would only cost a wasted poll,
 * but it would be wrong). Running it before the commit is useless: the dispatcher would look before the row is visible.
 */
@FunctionalInterface
public interface CommitHook {
    /**
     * Arranges for the action to run once the current unit of work has committed.
     *
     * @param action what to run after the commit
     * @throws IllegalStateException when no unit of work is active on this thread
     */
    void afterCommit(Runnable action);
}
