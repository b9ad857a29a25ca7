package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code portal_access_grant}. {@code active_identity_key} is the blind index of the login identity (a keyed
 * pseudonym) while the grant is active and {@code NULL} once revoked; the identity itself is kept sealed in
 * {@code identity_sealed}, never in clear; a unique constraint on (institution, key) makes "one active grant per
 * identity" atomic on every database, since unique constraints ignore NULLs. Fields are package-private: only the
 * store in this package touches them, and the entity has no lazy state.
 */
@Entity(name = "PortalAccessGrant")
@Table(name = "portal_access_grant")
public class GrantEntity {
    @EmbeddedId
    GrantKey key = new GrantKey();

    @Column(name = "access_method", nullable = false, length = 32)
    String method = "";

    // The identifiers in clear of before migration V10: NULL once the row is sealed (JpaStores.reindexGrants).
    @Column(name = "email", length = 254)
    @Nullable
    String email;

    @Column(name = "phone_e164", length = 20)
    @Nullable
    String phoneE164;

    @Column(name = "taj", length = 9)
    @Nullable
    String taj;

    // The login identity sealed under the pseudonym key (PseudonymKey.seal, purpose "grant-identity").
    @Column(name = "identity_sealed", length = 700)
    @Nullable
    String identitySealed;

    @Column(name = "active_identity_key", length = 64)
    @Nullable
    String activeIdentityKey;

    @Column(name = "sms_notifications", nullable = false)
    boolean smsNotifications;

    @Column(name = "status", nullable = false, length = 16)
    String status = "";

    @Column(name = "revocation_reason", length = 500)
    @Nullable
    String revocationReason;

    @Column(name = "version", nullable = false)
    long version;

    @Column(name = "created_at", nullable = false)
    Instant createdAt = Instant.EPOCH;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt = Instant.EPOCH;

    @Column(name = "updated_by", nullable = false, length = 128)
    String updatedBy = "";

    /** The version of the last change that ended the patient's sessions (V7). */
    @Column(name = "session_epoch", nullable = false)
    long sessionEpoch = 1;

    /** For the persistence provider. */
    protected GrantEntity() {}

    GrantEntity(GrantKey key) {
        this.key = key;
    }
}
