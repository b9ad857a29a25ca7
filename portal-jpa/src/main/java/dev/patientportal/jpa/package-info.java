/**
 * Jakarta Persistence adapters for the portal's persistence SPIs, the resource-local transaction runner, the SQL
 * migrations and the notification outbox.
 *
 * <p>Entry points: {@link dev.patientportal.jpa.JpaStores} (grants, documents, content, audit),
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
