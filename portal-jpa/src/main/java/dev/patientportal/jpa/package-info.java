/**
 * Jakarta Persistence adapters for the persistence SPIs of core, auth and notify, the resource-local transaction runner, the SQL
 * migrations and the notification outbox.
 *
 * <p>Entry points: {@link dev.patientportal.jpa.JpaStores} (grants, documents, content, audit),
 * {@link dev.patientportal.jpa.JpaAuthStores} (login's challenges, sessions, lockouts and send limits),
 * {@link dev.patientportal.jpa.JpaNotifyStores} (push devices, SMS usage ledger),
 * {@link dev.patientportal.jpa.NotifyOutboxDelivery} (the outbox delivering through {@code portal-notify}),
 * {@link dev.patientportal.jpa.ResourceLocalTransactionRunner} (units of work for hosts without a container),
 * {@link dev.patientportal.jpa.OutboxNotifier} and {@link dev.patientportal.jpa.OutboxDispatcher} (notifications stored
 * with the change that caused them and delivered at least once), {@link dev.patientportal.jpa.OutboxAdmin} (parked
 * messages) and {@link dev.patientportal.jpa.PortalMigrations} (the schema, in Flyway's layout).
 *
 * <p>Everything here follows semantic versioning. Nothing is {@code null} unless marked
 * {@link org.jspecify.annotations.Nullable}. Store failures are reported as
 * {@link dev.patientportal.core.PortalException} subclasses whose messages never contain personal data.
 */
@NullMarked
package dev.patientportal.jpa;

import org.jspecify.annotations.NullMarked;
