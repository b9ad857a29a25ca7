package dev.patientportal.jpa.internal;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.PushToken;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@link DeviceRegistry} on {@code portal_push_device}, keyed by (institution, app, SHA-256 of the token). Registering
 * is one upsert (see {@link RowCreator}) that inserts the row or moves it to the patient, so two nodes registering one
 * token end with one row held by one of the patients; removals are single {@code DELETE}s.
 */
public final class JpaDeviceRegistry implements DeviceRegistry {
    private static final Pattern APP = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String[] COLUMNS = {
        "institution_id", "app", "token_hash", "token", "patient_id", "registered_at"
    };

    private static final String[] KEY = {"institution_id", "app", "token_hash"};
    private static final Map<String, RowCreator.Merge> MERGES =
            Map.of("patient_id", RowCreator.Merge.SET, "registered_at", RowCreator.Merge.SET);

    private final EntityManagerProvider entityManagers;
    private final RowCreator rows;
    private final Clock clock;

    /**
     * Creates the registry.
     *
     * @param entityManagers the current entity manager
     * @param rows creates rows that may be created concurrently
     * @param clock when a registration happened
     */
    public JpaDeviceRegistry(EntityManagerProvider entityManagers, RowCreator rows, Clock clock) {
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void register(InstitutionId institution, PatientId patient, String app, PushToken token) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(token, "token");
        checkApp(app);
        String hash = hash(token);
        EntityManager em = em();
        try {
            rows.upsert(
                    em,
                    "portal_push_device",
                    KEY,
                    COLUMNS,
                    new Object[] {institution.value(), app, hash, token.value(), patient.value(), clock.instant()},
                    MERGES);
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Registering a push device", e);
        }
    }

    @Override
    public boolean remove(InstitutionId institution, PatientId patient, String app, PushToken token) {
        Objects.requireNonNull(patient, "patient");
        checkApp(app);
        try {
            return em().createQuery("DELETE FROM PortalPushDevice d WHERE d.key.institutionId = :institution"
                                    + " AND d.key.app = :app AND d.key.tokenHash = :hash AND d.patientId = :patient")
                            .setParameter("institution", institution.value())
                            .setParameter("app", app)
                            .setParameter("hash", hash(token))
                            .setParameter("patient", patient.value())
                            .executeUpdate()
                    == 1;
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Removing a push device", e);
        }
    }

    @Override
    public boolean removeToken(InstitutionId institution, String app, PushToken token) {
        checkApp(app);
        try {
            return em().createQuery("DELETE FROM PortalPushDevice d WHERE d.key.institutionId = :institution"
                                    + " AND d.key.app = :app AND d.key.tokenHash = :hash")
                            .setParameter("institution", institution.value())
                            .setParameter("app", app)
                            .setParameter("hash", hash(token))
                            .executeUpdate()
                    == 1;
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Removing a push token", e);
        }
    }

    @Override
    public List<PushToken> tokens(InstitutionId institution, PatientId patient, String app) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(patient, "patient");
        checkApp(app);
        try {
            return em()
                    .createQuery(
                            "SELECT d.token FROM PortalPushDevice d WHERE d.key.institutionId = :institution"
                                    + " AND d.patientId = :patient AND d.key.app = :app",
                            String.class)
                    .setParameter("institution", institution.value())
                    .setParameter("patient", patient.value())
                    .setParameter("app", app)
                    .getResultList()
                    .stream()
                    .distinct()
                    .map(PushToken::of)
                    .toList();
        } catch (PersistenceException e) {
            throw Exceptions.temporary("Listing push devices", e);
        }
    }

    private static void checkApp(String app) {
        if (app == null || !APP.matcher(app).matches()) {
            throw new IllegalArgumentException("an app is 1 to 128 letters, digits or . _ : -");
        }
    }

    private static String hash(PushToken token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(token.value().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private EntityManager em() {
        return entityManagers.currentEntityManager();
    }
}
