package dev.patientportal.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code portal_push_device}: which patient holds a push token of an institution's app. */
@Entity(name = "PortalPushDevice")
@Table(name = "portal_push_device")
public class PushDeviceEntity {
    @EmbeddedId
    PushDeviceKey key = new PushDeviceKey();

    @Column(name = "token", nullable = false, length = 4096)
    String token = "";

    @Column(name = "patient_id", nullable = false, length = 128)
    String patientId = "";

    @Column(name = "registered_at", nullable = false)
    Instant registeredAt = Instant.EPOCH;

    /** For the persistence provider. */
    protected PushDeviceEntity() {}
}
