package dev.patientportal.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The portal as one logged-in patient sees it: active reservations, history, documents, personal data, free slots and
 * booking. Obtained from {@link PatientPortal#patient(String)}; bound to that session's patient.
 *
 * <p>Every call first checks that the session is still alive and the patient's grant still active: a view kept across
 * requests stops working at logout, session expiry, revocation or a change of access method, with
 * {@link AuthenticationException} ({@link AuthenticationException.Reason#INVALID_SESSION}). Obtaining a view per request
 * is still the usual way.
 *
 * <p>Every read is audited. An id that is not the patient's own answers {@link NotFoundException}, exactly like an id
 * that does not exist, and changes nothing. Documents are shown only when {@link DocumentState#VISIBLE}; every read path
 * (list, count, metadata, open) applies that one rule.
 *
 * <p>A host SPI that fails with a runtime exception other than a {@link PortalException} makes the operation fail
 * with that same exception, unwrapped, after one {@code FAILED} audit event that names only its class (see the
 * {@linkplain dev.patientportal.core package documentation}).
 *
 * <pre>{@code
 * PatientView me = portal.patient(sessionToken, RequestContext.fromAddress(clientIp));
 * List<Reservation> upcoming = me.reservations();
 * Page<Document> docs = me.documents(DocumentFilter.firstPage());
 * Reservation r = me.book(slotId, requestId);
 * }</pre>
 */
public interface PatientView {
    /**
     * Returns the session this view is bound to.
     *
     * @return the session
     */
    PatientSession session();

    /**
     * Returns the patient's personal data, exactly as the clinic's record holds it.
     *
     * @return the record
     * @throws NotFoundException when the record no longer exists
     */
    PatientProfile profile();

    /**
     * Lists active reservations (booked, not yet ended), soonest first.
     *
     * @return the reservations
     */
    List<Reservation> reservations();

    /**
     * Lists history: every reservation that is no longer active, most recent first.
     *
     * @return the reservations
     */
    List<Reservation> history();

    /**
     * Lists visible documents, newest first.
     *
     * @param filter type, cursor and page size
     * @return one page
     * @throws ValidationException naming {@code cursor} when the cursor is malformed
     */
    Page<Document> documents(DocumentFilter filter);

    /**
     * Counts visible documents.
     *
     * @param type only of this type, or {@code null} for all
     * @return how many
     */
    long countDocuments(@Nullable DocumentType type);

    /**
     * Reads one visible document's metadata.
     *
     * @param id the document
     * @return the document
     * @throws NotFoundException when it is not the patient's or not visible
     */
    Document document(DocumentId id);

    /**
     * Opens one visible document for download.
     *
     * @param id the document
     * @return metadata and bytes; close it
     * @throws NotFoundException when it is not the patient's or not visible
     */
    DocumentContent openDocument(DocumentId id);

    /**
     * Lists who accessed the patient's record, newest first: staff reads, changes and document publications about the
     * patient, and the patient's own logins (with a coarse hint of where from, never a full address). A document the
     * patient cannot see now (no patient access, withdrawn) is never named: its publication and changes are left out,
     * and a staff read of it shows as a read of the record without the document; once it is visible, its history
     * shows in full. Staff are shown
     * as the host's {@link dev.patientportal.core.spi.StaffDirectory} lists them, else as the clinic. Each page read is
     * audited once ({@link AuditActions#PATIENT_ACCESS_LOG_READ}).
     *
     * @param filter cursor and page size
     * @return one page
     * @throws ValidationException naming {@code cursor} when the cursor is malformed
     * @throws UnsupportedOperationException when the portal's stores cannot read the audit trail back (audited as
     *     {@code FAILED})
     */
    Page<AccessLogEntry> accessLog(AccessLogFilter filter);

    /**
     * Collects everything the portal holds about the patient, for a data export (GDPR Art. 15 and 20): the grant, the
     * profile, reservations and history, the visible documents (never a hidden or withdrawn one), the whole access log
     * and what was recorded about notifications. Audited once ({@link AuditActions#PATIENT_EXPORT}); the documents'
     * bytes are read only when the record is written, for instance as a ZIP archive by {@code portal-export}'s
     * {@code ExportArchive}.
     *
     * @return the record, with {@link PatientRecord.Scope#PATIENT}
     * @throws NotFoundException when the patient record no longer exists
     * @throws UnsupportedOperationException when the portal's stores cannot read the audit trail back (audited as
     *     {@code FAILED})
     */
    PatientRecord export();

    /**
     * Lists slots the patient may book: of self-bookable services, inside the lead time and horizon.
     *
     * @param query the window, service and limit
     * @return the slots, earliest first
     */
    List<Slot> availableSlots(SlotQuery query);

    /**
     * Books a slot. Retrying with the same idempotency key returns the same reservation.
     *
     * @param slot the slot
     * @param idempotencyKey a key the client made for this request (1 to 128 letters, digits or {@code . _ : @ -})
     * @return the reservation
     * @throws ConflictException when the slot was taken
     * @throws PolicyViolationException when view-only, self-booking off, outside lead time or horizon, too many
     *     active bookings, or vetoed by the host
     * @throws NotFoundException when there is no such free slot
     */
    Reservation book(SlotId slot, String idempotencyKey);

    /**
     * Moves an active reservation to another slot of the same service.
     *
     * @param reservation the reservation
     * @param slot the new slot
     * @return the changed reservation
     * @throws PolicyViolationException when the notice period has passed, among others; the host's
     *     {@link dev.patientportal.core.spi.ReservationVeto} is asked about reschedules too
     * @throws NotFoundException when the reservation is not the patient's
     */
    Reservation reschedule(ReservationId reservation, SlotId slot);

    /**
     * Cancels an active reservation of the patient's, whether the patient or the front desk booked it, also for a
     * service that cannot be self-booked, unless the service's rules turn self-cancelling off.
     *
     * @param reservation the reservation
     * @return the cancelled reservation
     * @throws PolicyViolationException when view-only, self-cancelling is off for the service
     *     ({@link ServiceRules#selfCancel()}), the notice period has passed, the reservation is no longer active, or
     *     vetoed by the host
     * @throws NotFoundException when the reservation is not the patient's
     */
    Reservation cancel(ReservationId reservation);
}
