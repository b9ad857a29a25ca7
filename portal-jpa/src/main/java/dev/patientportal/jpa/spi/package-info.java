/**
 * What a host implements to connect {@code portal-jpa} to its persistence context and to its delivery channels:
 * {@link dev.patientportal.jpa.spi.EntityManagerProvider} (the current {@code EntityManager}) and
 * {@link dev.patientportal.jpa.spi.OutboxDelivery} (where the outbox delivers).
 *
 * <p>Every interface documents who calls it, on which thread and inside which unit of work. New operations are only
 * ever added as {@code default} methods, so an implementation written today keeps compiling.
 */
@NullMarked
package dev.patientportal.jpa.spi;

import org.jspecify.annotations.NullMarked;
