package dev.patientportal.core;

/**
 * What staff do on the "Documents" tab of a patient card: publish a document with a type, patient access yes/no and
 * notify yes/no; change its visibility; withdraw it. Obtained from {@link PatientPortal#documents(Staff)}; every
 * operation needs {@link StaffPermission#UPLOAD_DOCUMENTS} and is audited.
 *
 * <p>A host SPI that fails with a runtime exception other than a {@link PortalException} makes the operation fail
 * with that same exception, unwrapped, after one {@code FAILED} audit event that names only its class (see the
 * {@linkplain dev.patientportal.core package documentation}).
 *
 * <pre>{@code
 * Document doc = portal.documents(staff).publish(DocumentUpload.builder(patientId, DocumentType.of("LAB_RESULT"))
 *         .fileName("result.pdf")
 *         .content(pdfBytes)
 *         .patientAccess(true)
 *         .notifyPatient(true)
 *         .build());
 * }</pre>
 */
public interface DocumentAdministration {
    /**
     * Publishes a document. Before anything is stored the portal checks the size limit, detects the media type from
     * the bytes against the allowed types (the declared type is not trusted, and the file name may only narrow a type
     * the bytes leave open, such as plain text named {@code .html}), reads text in full for HTML, SVG or XML markup,
     * which then counts as that markup's type, checks the file name and that its extension agrees with the detected
     * type (see {@link DocumentUpload#fileName()}), checks the document type, and refuses notify without patient
     * access. It stores the content with its SHA-256
     * checksum, then the metadata; when notify is set and the patient has an active grant, a
     * {@link NotificationIntent} is submitted in the same unit of work.
     *
     * @param upload what staff entered
     * @return the stored document, {@code VISIBLE} or {@code HIDDEN}
     * @throws AccessDeniedException without {@link StaffPermission#UPLOAD_DOCUMENTS}
     * @throws NotFoundException when the institution has no such patient
     * @throws ValidationException naming {@code content}, {@code fileName}, {@code mediaType}, {@code documentType}
     *     or {@code notifyPatient}
     */
    Document publish(DocumentUpload upload);

    /**
     * Reads a document's metadata, in any state.
     *
     * @param id the document
     * @return the document
     * @throws NotFoundException when the institution has no such document
     */
    Document find(DocumentId id);

    /**
     * Lists a patient's documents in every state, newest first, as staff see them.
     *
     * @param patient the patient
     * @param filter type, cursor and page size
     * @return one page
     */
    Page<Document> list(PatientId patient, DocumentFilter filter);

    /**
     * Makes a document visible or hidden. Making a hidden document visible with {@code notify} notifies the patient.
     *
     * @param id the document
     * @param visible {@code true} for patient access
     * @param notify notify the patient; only with {@code visible}
     * @param expectedVersion the version the change is based on
     * @return the changed document
     * @throws ConflictException on a concurrent change
     * @throws PolicyViolationException when the document is withdrawn
     * @throws ValidationException naming {@code notifyPatient} when notify is asked without visibility
     */
    Document setPatientAccess(DocumentId id, boolean visible, boolean notify, long expectedVersion);

    /**
     * Withdraws a document for good: no patient read path shows it any more.
     *
     * @param id the document
     * @param expectedVersion the version the change is based on
     * @return the withdrawn document
     * @throws ConflictException on a concurrent change
     * @throws PolicyViolationException when it is already withdrawn
     */
    Document withdraw(DocumentId id, long expectedVersion);
}
