package dev.patientportal.core;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of a patient's access log: who accessed the patient's record, when, and how (European Health Data Space,
 * Art. 9: the right to know who accessed one's data).
 *
 * @param at when
 * @param kind what kind of access
 * @param action the audited action, an {@link AuditActions} code (or {@code login.verify} for a login)
 * @param accessor who, as the patient is shown it
 * @param targetId the document the access was about, or {@code null}
 * @param clientHint for a login: a coarse hint of where from (the client's IPv4 network /24, IPv6 network /48), never
 *     the full address; {@code null} when unknown and for other kinds
 */
public record AccessLogEntry(
        Instant at,
        Kind kind,
        String action,
        Accessor accessor,
        @Nullable String targetId,
        @Nullable String clientHint) {

    /**
     * Checks the fields.
     *
     * @param at when
     * @param kind what kind of access
     * @param action the audited action, an {@link AuditActions} code (or {@code login.verify} for a login)
     * @param accessor who, as the patient is shown it
     * @param targetId the document the access was about, or {@code null}
     * @param clientHint for a login: a coarse hint of where from (the client's IPv4 network /24, IPv6 network /48),
     *     never the full address; {@code null} when unknown and for other kinds
     */
    public AccessLogEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(accessor, "accessor");
    }

    /** The kinds of access a patient is shown. */
    public enum Kind {
        /** Staff read the patient's grant, documents or audit events. */
        READ,
        /** Staff changed the patient's access or a document's visibility, or withdrew a document. */
        CHANGE,
        /** Staff published a document for the patient. */
        DOCUMENT_PUBLISHED,
        /** The patient logged in. */
        LOGIN
    }

    /**
     * Who accessed, as the patient is shown it: never a staff id.
     *
     * @param type what kind of party; a host that shows the log in its own language renders {@link Type#CLINIC} and
     *     {@link Type#PATIENT} itself
     * @param name the staff member's name or role from the host's {@link dev.patientportal.core.spi.StaffDirectory};
     *     the clinic's name, or {@code "the clinic"} when the directory names neither; {@code "you"} for the patient
     * @param role the staff member's role, when the directory gives one
     */
    public record Accessor(Type type, String name, @Nullable String role) {
        /**
         * Checks the fields.
         *
         * @param type what kind of party; a host that shows the log in its own language renders {@link Type#CLINIC} and
         *     {@link Type#PATIENT} itself
         * @param name the staff member's name or role from the host's
         *     {@link dev.patientportal.core.spi.StaffDirectory}; the clinic's name, or {@code "the clinic"} when the
         *     directory names neither; {@code "you"} for the patient
         * @param role the staff member's role, when the directory gives one
         */
        public Accessor {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
        }

        /** The kinds of party. */
        public enum Type {
            /** A staff member the host's directory lists. */
            STAFF,
            /** The clinic, for staff the directory does not list. */
            CLINIC,
            /** The patient. */
            PATIENT
        }
    }
}
