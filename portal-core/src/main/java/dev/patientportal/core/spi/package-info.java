/**
 * What a host implements (or takes from {@code portal-jpa}, {@code portal-auth}, {@code portal-notify} or
 * {@code portal-testkit}) to connect the portal to its own records, scheduling, persistence and delivery.
 *
 * <p>Every interface documents who calls it, on which thread and inside which unit of work. New operations are only
 * ever added as {@code default} methods, so an implementation written today keeps compiling. Implementations report
 * failures with the {@link dev.patientportal.core.PortalException} subclasses named in each method's Javadoc; any
 * other runtime exception is treated as a bug in the implementation: the portal operation that called it is audited
 * as {@code FAILED} with the exception's class name only (never its message), and the exception propagates to the
 * portal's caller unchanged.
 */
@NullMarked
package dev.patientportal.core.spi;

import org.jspecify.annotations.NullMarked;
