package dev.patientportal.spring.web.internal;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.Document;
import dev.patientportal.core.Page;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.Slot;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The bodies the API reads and writes, as {@code docs/openapi.yaml} describes them. The API's shape is these records,
 * not the domain's, so that a change to the domain does not change the wire by accident.
 */
final class Json {
    private Json() {}

    // ---- requests

    /** Login with e-mail and phone. */
    record EmailPhoneLogin(@Nullable String email, @Nullable String phone) {}

    /** Login with TAJ and phone. */
    record TajPhoneLogin(@Nullable String taj, @Nullable String phone) {}

    /** A code typed for one factor; {@code transport} asks for a bearer token where both are allowed. */
    record Verify(
            @Nullable String factor,
            @Nullable String code,
            @Nullable String transport) {}

    /** A new code for one factor. */
    record Resend(@Nullable String factor) {}

    /** A slot to book or to move to. */
    record SlotChoice(@Nullable String slotId) {}

    /** A push token of the clinic's app. */
    record Device(@Nullable String token) {}

    /** A new grant. */
    record NewGrant(@Nullable String method, @Nullable Boolean smsNotifications) {}

    /** A new login method. */
    record MethodChange(@Nullable String method, @Nullable Long version) {}

    /** SMS notifications on or off. */
    record SmsChange(@Nullable Boolean enabled, @Nullable Long version) {}

    /** Revoking access. */
    record Revocation(@Nullable String reason, @Nullable Long version) {}

    /** A version, for reinstate and withdraw. */
    record Versioned(@Nullable Long version) {}

    /** A document's visibility. */
    record Visibility(
            @Nullable Boolean patientAccess,
            @Nullable Boolean notifyPatient,
            @Nullable Long version) {}

    // ---- responses

    /** A login challenge. */
    record ChallengeBody(String challengeId, List<String> factors, Instant expiresAt, Instant resendAvailableAt) {
        static ChallengeBody of(Challenge c) {
            return new ChallengeBody(
                    c.id(), c.factors().stream().map(Factor::name).toList(), c.expiresAt(), c.resendAvailableAt());
        }
    }

    /** A new session; the token only for a bearer session, the CSRF token only for a cookie one. */
    record SessionBody(
            @Nullable String token, @Nullable String csrfToken, Instant idleExpiresAt, Instant absoluteExpiresAt) {}

    /** The outcome of a verified code. */
    record VerifyBody(
            String verified,
            List<String> remaining,
            boolean complete,
            @Nullable SessionBody session) {
        static VerifyBody of(VerifyResult r, @Nullable SessionBody session) {
            return new VerifyBody(
                    r.verified().name(),
                    r.remaining().stream().map(Factor::name).toList(),
                    r.isComplete(),
                    session);
        }
    }

    /** The CSRF token of the current cookie session. */
    record CurrentSession(@Nullable String csrfToken) {}

    /** The patient's personal data, as the clinic's records hold it. */
    record ProfileBody(
            String patientId,
            String givenName,
            String familyName,
            @Nullable LocalDate birthDate,
            @Nullable String email,
            @Nullable String phone,
            @Nullable String taj,
            @Nullable String address,
            String locale) {
        static ProfileBody of(PatientProfile p) {
            return new ProfileBody(
                    p.patient().value(),
                    p.givenName(),
                    p.familyName(),
                    p.birthDate(),
                    p.email() == null ? null : p.email().value(),
                    p.phone() == null ? null : p.phone().e164(),
                    p.taj() == null ? null : p.taj().digits(),
                    p.address(),
                    p.locale().toLanguageTag());
        }
    }

    /** A reservation. */
    record ReservationBody(String id, String serviceType, String slotId, Instant start, Instant end, String status) {
        static ReservationBody of(Reservation r) {
            return new ReservationBody(
                    r.id().value(),
                    r.serviceType().value(),
                    r.slot().value(),
                    r.start(),
                    r.end(),
                    r.status().name());
        }
    }

    /** A free slot. */
    record SlotBody(String id, String serviceType, Instant start, Instant end) {
        static SlotBody of(Slot s) {
            return new SlotBody(s.id().value(), s.serviceType().value(), s.start(), s.end());
        }
    }

    /** A document as the patient sees it. */
    record DocumentBody(
            String id,
            String type,
            String fileName,
            String mediaType,
            long sizeBytes,
            String sha256,
            Instant createdAt) {
        static DocumentBody of(Document d) {
            return new DocumentBody(
                    d.id().value(),
                    d.type().value(),
                    d.fileName(),
                    d.mediaType(),
                    d.sizeBytes(),
                    d.sha256(),
                    d.createdAt());
        }
    }

    /** A document as staff see it: with its state and version. */
    record StaffDocumentBody(
            String id,
            String patientId,
            String type,
            String fileName,
            String mediaType,
            long sizeBytes,
            String sha256,
            String state,
            Instant createdAt,
            Instant updatedAt,
            long version) {
        static StaffDocumentBody of(Document d) {
            return new StaffDocumentBody(
                    d.id().value(),
                    d.patient().value(),
                    d.type().value(),
                    d.fileName(),
                    d.mediaType(),
                    d.sizeBytes(),
                    d.sha256(),
                    d.state().name(),
                    d.createdAt(),
                    d.updatedAt(),
                    d.version());
        }
    }

    /** A page of items and the cursor of the next, or {@code null} on the last. */
    record PageBody<T>(List<T> items, @Nullable String nextCursor) {
        static <D, T> PageBody<T> of(Page<D> page, Function<D, T> map) {
            return new PageBody<>(page.items().stream().map(map).toList(), page.nextCursor());
        }
    }

    /** An access grant, as staff see it; the login identifiers are not repeated. */
    record GrantBody(
            String patientId, String method, boolean smsNotifications, String status, long version, Instant updatedAt) {
        static GrantBody of(AccessGrant g) {
            return new GrantBody(
                    g.patient().value(),
                    g.identity().method().name(),
                    g.smsNotifications(),
                    g.status().name(),
                    g.version(),
                    g.updatedAt());
        }
    }
}
