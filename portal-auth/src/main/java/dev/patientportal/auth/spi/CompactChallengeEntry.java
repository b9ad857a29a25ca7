package dev.patientportal.auth.spi;

import dev.patientportal.auth.Factor;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One challenge of {@link CompactChallengeStore}, kept in primitives: pseudonyms and HMACs as four longs each when
 * they have the usual shape (as given otherwise), instants as seconds and nanoseconds, the codes ({@link Code}) in one
 * field per {@link Factor} (an array would cost another object, 24 bytes of each challenge). Copied on every change
 * inside {@code compute}, and filled in before the map publishes it, so that lock-free reads always see a whole
 * state.
 */
// The compact layout is deliberate: a code per Factor in a field of its own, chosen by an exhaustive switch (a third
// factor does not compile until it has its field), and instants kept as epoch second plus nano-of-second, which
// getNano() is.
@SuppressWarnings("JavaInstantGetSecondsGetNano")
final class CompactChallengeEntry implements Cloneable {
    private static final Factor[] FACTORS = Factor.values();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

    long insertedAt;
    InstitutionId institution;

    @Nullable
    PatientId patient;

    long grantVersion;
    long identity0;
    long identity1;
    long identity2;
    long identity3;

    @Nullable
    String identityText;

    @Nullable
    Code email;

    @Nullable
    Code sms;

    int attemptsLeft;
    int resends;
    boolean consumed;
    long createdSecond;
    int createdNano;
    long expiresSecond;
    int expiresNano;
    long resendSecond;
    int resendNano;

    private CompactChallengeEntry(InstitutionId institution) {
        this.institution = institution;
    }

    static CompactChallengeEntry of(ChallengeRecord c, InstitutionId institution, long insertedAt) {
        CompactChallengeEntry e = new CompactChallengeEntry(institution);
        e.insertedAt = insertedAt;
        e.patient = c.patient();
        e.grantVersion = c.grantVersion();
        long[] identity = pack43(c.identityKey());
        if (identity == null) {
            e.identityText = c.identityKey();
        } else {
            e.identity0 = identity[0];
            e.identity1 = identity[1];
            e.identity2 = identity[2];
            e.identity3 = identity[3];
        }
        for (Map.Entry<Factor, StoredCode> code : c.codes().entrySet()) {
            e.setCode(code.getKey(), Code.of(code.getValue()));
        }
        e.attemptsLeft = c.attemptsLeft();
        e.resends = c.resends();
        e.consumed = c.consumed();
        e.createdSecond = c.createdAt().getEpochSecond();
        e.createdNano = c.createdAt().getNano();
        e.expiresSecond = c.expiresAt().getEpochSecond();
        e.expiresNano = c.expiresAt().getNano();
        e.resendSecond = c.resendAvailableAt().getEpochSecond();
        e.resendNano = c.resendAvailableAt().getNano();
        return e;
    }

    CompactChallengeEntry copy() {
        try {
            return (CompactChallengeEntry) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    boolean allVerified() {
        return (email == null || email.verified) && (sms == null || sms.verified);
    }

    /** The factor's code, or {@code null} when the challenge has none for it. */
    @Nullable
    Code code(Factor factor) {
        return switch (factor) {
            case EMAIL -> email;
            case SMS -> sms;
        };
    }

    /** Sets the factor's code; only on an entry not yet published (a fresh one, or a {@link #copy()}). */
    void setCode(Factor factor, Code code) {
        switch (factor) {
            case EMAIL -> email = code;
            case SMS -> sms = code;
        }
    }

    /**
     * The entry after a factor's code matched: the factor verified, the attempt given back, and with
     * {@code consume} the challenge consumed when no factor is left; {@code null} when nothing may change.
     */
    @Nullable
    CompactChallengeEntry verify(Factor factor, int generation, boolean consume) {
        Code code = code(factor);
        if (consumed || code == null || code.verified || code.generation != generation) {
            return null;
        }
        CompactChallengeEntry copy = copy();
        copy.setCode(factor, code.asVerified());
        copy.attemptsLeft = attemptsLeft + 1;
        copy.consumed = consume && copy.allVerified();
        return copy;
    }

    ChallengeRecord toRecord(String id) {
        Map<Factor, StoredCode> stored = new EnumMap<>(Factor.class);
        for (Factor factor : FACTORS) {
            Code c = code(factor);
            if (c != null) {
                stored.put(factor, c.toStoredCode());
            }
        }
        String identityKey = identityText != null
                ? identityText
                : URL.encodeToString(bytesOf(identity0, identity1, identity2, identity3));
        return new ChallengeRecord(
                id,
                institution,
                patient,
                grantVersion,
                identityKey,
                stored,
                attemptsLeft,
                resends,
                createdAt(),
                Instant.ofEpochSecond(expiresSecond, expiresNano),
                Instant.ofEpochSecond(resendSecond, resendNano),
                consumed);
    }

    private Instant createdAt() {
        return Instant.ofEpochSecond(createdSecond, createdNano);
    }

    /** One factor's code; never changed once published. */
    static final class Code implements Cloneable {
        String keyId;
        long mac0;
        long mac1;
        long mac2;
        long mac3;
        byte @Nullable [] macBytes;
        int generation;
        long expiresSecond;
        int expiresNano;
        boolean verified;
        long destination0;
        long destination1;
        long destination2;
        long destination3;

        @Nullable
        String destinationText;

        private Code(String keyId) {
            this.keyId = keyId;
        }

        static Code of(StoredCode s) {
            Code c = new Code(s.keyId());
            byte[] mac = s.mac();
            if (mac.length == 32) {
                ByteBuffer b = ByteBuffer.wrap(mac);
                c.mac0 = b.getLong();
                c.mac1 = b.getLong();
                c.mac2 = b.getLong();
                c.mac3 = b.getLong();
            } else {
                c.macBytes = mac;
            }
            c.generation = s.generation();
            c.expiresSecond = s.expiresAt().getEpochSecond();
            c.expiresNano = s.expiresAt().getNano();
            c.verified = s.verified();
            long[] destination = pack43(s.destinationKey());
            if (destination == null) {
                c.destinationText = s.destinationKey();
            } else {
                c.destination0 = destination[0];
                c.destination1 = destination[1];
                c.destination2 = destination[2];
                c.destination3 = destination[3];
            }
            return c;
        }

        Code asVerified() {
            try {
                Code copy = (Code) clone();
                copy.verified = true;
                return copy;
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        StoredCode toStoredCode() {
            byte[] mac = macBytes != null ? macBytes : bytesOf(mac0, mac1, mac2, mac3);
            String destination = destinationText != null
                    ? destinationText
                    : URL.encodeToString(bytesOf(destination0, destination1, destination2, destination3));
            return new StoredCode(
                    keyId, mac, generation, Instant.ofEpochSecond(expiresSecond, expiresNano), verified, destination);
        }
    }

    /**
     * 256 bits as four longs, or the text itself when it is not 43 URL-safe characters in canonical form (a pseudonym
     * from {@code PseudonymKey.pseudonym} is).
     */
    private static long @Nullable [] pack43(String text) {
        if (text.length() != 43) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = URL_DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length != 32 || !URL.encodeToString(bytes).equals(text)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new long[] {b.getLong(), b.getLong(), b.getLong(), b.getLong()};
    }

    private static byte[] bytesOf(long a, long b, long c, long d) {
        return ByteBuffer.allocate(32)
                .putLong(a)
                .putLong(b)
                .putLong(c)
                .putLong(d)
                .array();
    }
}
