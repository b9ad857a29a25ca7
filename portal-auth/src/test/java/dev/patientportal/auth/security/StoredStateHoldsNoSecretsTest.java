package dev.patientportal.auth.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginFixture;
import dev.patientportal.auth.SessionGrant;
import dev.patientportal.auth.spi.ChallengeRecord;
import dev.patientportal.auth.spi.SessionRecord;
import dev.patientportal.auth.spi.StoredCode;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.PatientProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ASVS 6.4/16.2.5 and the bug "codes stored in clear or as an unkeyed hash (a 6-digit code falls to brute force
 * offline)": stored challenges, sessions, counters and audit events hold no code, token or identifier in clear, and the
 * stored form of a code can only be checked with the server key.
 */
class StoredStateHoldsNoSecretsTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final char SEP = '\u001f';

    private final RawStores raw = new RawStores();
    private final LoginFixture f = LoginFixture.builder().stores(raw.stores).build();

    @Test
    @DisplayName("challenges, sessions, counters and audit events hold no code, token or identifier in clear")
    void rawStateAfterLogin() {
        PatientProfile p = f.patientWithGrant(AccessMethod.EMAIL_AND_PHONE);
        Challenge c = f.start(f.emailRequest(p));
        String email = f.codeFor(p, Factor.EMAIL);
        String sms = f.codeFor(p, Factor.SMS);
        LoginFixture.authFailure(() -> f.verify(c, Factor.SMS, LoginFixture.wrong(sms)));
        f.verify(c, Factor.EMAIL, email);
        SessionGrant session = f.verify(c, Factor.SMS, sms).session().orElseThrow();

        // The challenge id is the store's key by design (a handle, not a credential), so only the audit must omit it.
        List<String> secrets = List.of(
                email,
                sms,
                session.token(),
                p.email().value(),
                p.phone().e164(),
                p.phone().e164().substring(1),
                p.taj().digits(),
                "198.51.100.7");
        String dump = dump();
        for (String secret : secrets) {
            assertThat(dump).as("stored state").doesNotContain(secret);
            assertThat(dump.toLowerCase(Locale.ROOT)).doesNotContain(secret.toLowerCase(Locale.ROOT));
        }
        String audit = f.audit().events().stream()
                .map(StoredStateHoldsNoSecretsTest::auditText)
                .toList()
                .toString();
        for (String secret : secrets) {
            if (!secret.equals("198.51.100.7")) { // the client address is an audit field by design
                assertThat(audit).as("audit events").doesNotContain(secret);
            }
        }
        assertThat(audit).doesNotContain(c.id());
        SessionRecord stored = raw.sessions.values().iterator().next();
        assertThat(stored.tokenHash()).isEqualTo(sha256(session.token()));
    }

    @Test
    @Tag("slow") // a million HMACs on the test's side; PIT leaves it out (see the parent POM)
    @DisplayName("an offline brute force of a stored code finds nothing without the server key, and the code with it")
    void bruteForceNeedsTheKey() throws Exception {
        PatientProfile p = f.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
        Challenge c = f.start(f.tajRequest(p));
        String code = f.codeFor(p, Factor.SMS);
        ChallengeRecord record = raw.challenges.get(c.id());
        StoredCode stored = record.codes().get(Factor.SMS);
        byte[] target = stored.mac();
        assertThat(stored.keyId()).isEqualTo("k1");

        // Everything an attacker holding the store has: the id, the factor, the HMAC. Try all 10^6 codes unkeyed.
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Mac guessedKey = Mac.getInstance("HmacSHA256");
        guessedKey.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        Mac serverKey = Mac.getInstance("HmacSHA256");
        serverKey.init(new SecretKeySpec(f.keys.current().secret(), "HmacSHA256"));
        List<String> unkeyedHits = new ArrayList<>();
        List<String> keyedHits = new ArrayList<>();
        for (int n = 0; n < 1_000_000; n++) {
            String guess = String.format(Locale.ROOT, "%06d", n);
            byte[] message = ("code" + SEP + c.id() + SEP + "SMS" + SEP + guess).getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(sha.digest(message), target)
                    || MessageDigest.isEqual(sha.digest(guess.getBytes(StandardCharsets.UTF_8)), target)
                    || MessageDigest.isEqual(guessedKey.doFinal(message), target)) {
                unkeyedHits.add(guess);
            }
            if (MessageDigest.isEqual(serverKey.doFinal(message), target)) {
                keyedHits.add(guess);
            }
        }
        assertThat(unkeyedHits).isEmpty();
        assertThat(keyedHits).containsExactly(code);
    }

    private String dump() {
        StringBuilder sb = new StringBuilder();
        for (ChallengeRecord r : raw.challenges.values()) {
            sb.append(r).append(r.identityKey()).append(r.institution()).append(r.patient());
            for (StoredCode s : r.codes().values()) {
                sb.append(s)
                        .append(s.keyId())
                        .append(B64.encodeToString(s.mac()))
                        .append(s.destinationKey());
            }
        }
        for (SessionRecord s : raw.sessions.values()) {
            sb.append(s).append(s.sessionId()).append(B64.encodeToString(s.tokenHash()));
        }
        raw.sessionIndex.forEach((k, v) -> sb.append(k).append(v));
        raw.failures.forEach((k, v) -> sb.append(k).append(v));
        raw.buckets.forEach((k, v) -> sb.append(k).append(v));
        return sb.toString();
    }

    private static String auditText(AuditEvent e) {
        return e.action() + e.actor() + e.patient() + e.targetId() + e.details();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
