package dev.patientportal.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * How audit events are chained, one chain per institution, so that every store computes links the same way and any
 * verifier can check them.
 *
 * <p>Event {@code n} of an institution has the link {@code HMAC-SHA256(key, "pp-audit-link-v1", previous, institution,
 * n, key id, every field of the event)}, where {@code previous} is the link of event {@code n - 1} ({@link #GENESIS}
 * for the first). Each field is length-prefixed, absent fields are marked as such, and details are taken in key order,
 * so no two different events encode alike. Changing any field, the sequence number or the key id, removing an event or
 * moving it breaks the link, and without the key no valid link can be made for an inserted event.
 *
 * <p>Times are taken at microsecond precision, the precision of the database columns, so a link still verifies after
 * the event is stored and read back; stores keep {@link #storable(AuditEvent)}'s form of each event.
 *
 * <p>Thread-safe; every method is pure.
 */
public final class AuditChain {
    /** The {@code previous} link of an institution's first chained event: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] LINK_TAG = "pp-audit-link-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHECKPOINT_TAG = "pp-audit-checkpoint-v1".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {}

    /**
     * Returns the event as a store keeps it: its time truncated to microseconds.
     *
     * @param event the event
     * @return the event, or an equal one with the time truncated
     */
    public static AuditEvent storable(AuditEvent event) {
        Instant at = event.at().truncatedTo(ChronoUnit.MICROS);
        if (at.equals(event.at())) {
            return event;
        }
        return new AuditEvent(
                at,
                event.institution(),
                event.actor(),
                event.action(),
                event.patient(),
                event.targetId(),
                event.outcome(),
                event.clientAddress(),
                event.details());
    }

    /**
     * Computes an event's link.
     *
     * @param key the key to link under; its id is part of the link
     * @param previous the link of the event before, or {@link #GENESIS}
     * @param sequence the event's number in its institution's chain
     * @param event the event; its time is taken at microsecond precision
     * @return the link, 64 lower-case hex digits
     */
    public static String link(AuditKey key, String previous, long sequence, AuditEvent event) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(event, "event");
        Mac mac = mac(key);
        mac.update(LINK_TAG);
        put(mac, previous);
        put(mac, event.institution().value());
        putLong(mac, sequence);
        put(mac, key.id());
        Instant at = event.at().truncatedTo(ChronoUnit.MICROS);
        putLong(mac, at.getEpochSecond());
        putLong(mac, at.getNano());
        put(mac, event.actor().type().name());
        put(mac, event.actor().id());
        put(mac, event.action());
        put(mac, event.patient() == null ? null : event.patient().value());
        put(mac, event.targetId());
        put(mac, event.outcome().name());
        put(mac, event.clientAddress());
        putLong(mac, event.details().size());
        for (Map.Entry<String, String> d : new TreeMap<>(event.details()).entrySet()) {
            put(mac, d.getKey());
            put(mac, d.getValue());
        }
        return HEX.formatHex(mac.doFinal());
    }

    /**
     * Tells whether a stored event's link is the one its key makes, in constant time.
     *
     * @param key the key whose id the link names
     * @param record the stored event
     * @return {@code true} when the record has a link, made with this key, that matches its event and sequence
     */
    public static boolean verifies(AuditKey key, AuditRecord record) {
        return verifiesAt(key, record, record.sequence());
    }

    /**
     * Tells whether a stored event's link is the one its key makes for another sequence number: how a verifier tells a
     * moved event from a changed one.
     *
     * @param key the key whose id the link names
     * @param record the stored event
     * @param sequence the sequence number to try
     * @return {@code true} when the link matches the event at that sequence number
     */
    public static boolean verifiesAt(AuditKey key, AuditRecord record, long sequence) {
        AuditLink link = record.link();
        if (link == null || !link.keyId().equals(key.id())) {
            return false;
        }
        String expected = link(key, link.previous(), sequence, record.event());
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), link.mac().getBytes(StandardCharsets.US_ASCII));
    }

    /** The signature of a checkpoint; see {@link AuditCheckpoint#sign}. */
    static String signature(AuditKey key, InstitutionId institution, long sequence, String head, Instant at) {
        Mac mac = mac(key);
        mac.update(CHECKPOINT_TAG);
        put(mac, institution.value());
        putLong(mac, sequence);
        put(mac, head);
        Instant t = at.truncatedTo(ChronoUnit.MICROS);
        putLong(mac, t.getEpochSecond());
        putLong(mac, t.getNano());
        put(mac, key.id());
        return HEX.formatHex(mac.doFinal());
    }

    private static Mac mac(AuditKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    private static void put(Mac mac, @Nullable String value) {
        if (value == null) {
            putInt(mac, -1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        putInt(mac, bytes.length);
        mac.update(bytes);
    }

    private static void putInt(Mac mac, int value) {
        mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(value).array());
    }

    private static void putLong(Mac mac, long value) {
        mac.update(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
    }
}
