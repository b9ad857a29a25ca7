package dev.patientportal.benchmarks;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientSession;
import dev.patientportal.core.RequestContext;
import dev.patientportal.testkit.RecordingCodeSender;
import dev.patientportal.testkit.TestPortal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a login costs the server on the Caffeine defaults: a whole TAJ + phone login (start: normalise, limits, grant
 * lookup, code, HMAC, store, audit; verify: attempt reservation, HMAC, constant-time compare, consume, session) and a
 * session lookup, each next to the raw primitive it is built on (one HMAC-SHA256 and a constant-time compare; one
 * SHA-256 and a map lookup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoginBenchmark {
    private static final InstitutionId CLINIC = InstitutionId.of("bench-clinic");
    private final RequestContext request = RequestContext.fromAddress("198.51.100.1");

    private TestPortal fixture;
    private RecordingCodeSender codes;
    private PortalLogin login;
    private TajAndPhone typed;
    private String token;

    private Mac mac;
    private byte[] storedMac;
    private Map<String, String> sessionsByHash;
    private String rawToken;

    /** One patient with TAJ + phone access, one open session, and the raw primitives' state. */
    @Setup
    public void setUp() throws Exception {
        codes = new RecordingCodeSender();
        fixture = TestPortal.create();
        login = PortalLogin.builder()
                .portalStores(fixture.stores())
                .patientDirectory(fixture.patients())
                .codeSender(codes)
                .keys(CodeKeyring.random())
                .clock(fixture.clock())
                .codeDelivery(Runnable::run)
                .build();
        PatientProfile patient = fixture.addPatient(CLINIC, PatientId.of("p-1"));
        fixture.portal()
                .administration(fixture.staff(CLINIC))
                .grant(patient.patient(), AccessMethod.TAJ_AND_PHONE, false);
        typed = new TajAndPhone(CLINIC, patient.taj().digits(), patient.phone().e164());
        token = loginOnce().session().orElseThrow().token();

        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        storedMac = mac.doFinal("challenge-id|SMS|123456".getBytes(StandardCharsets.UTF_8));
        byte[] t = new byte[32];
        new SecureRandom().nextBytes(t);
        rawToken = Base64.getUrlEncoder().withoutPadding().encodeToString(t);
        sessionsByHash = new ConcurrentHashMap<>();
        sessionsByHash.put(sha256(rawToken), "session");
    }

    private VerifyResult loginOnce() {
        // A day later each time, so send limits and lockout windows never interfere with the measurement.
        fixture.clock().advance(Duration.ofDays(1));
        Challenge challenge = login.start(typed, request);
        return login.verify(
                challenge, Factor.SMS, codes.lastCode(CodeMessage.Channel.SMS).orElseThrow(), request);
    }

    /** A whole login: start and verify. */
    @Benchmark
    public VerifyResult portalLoginRoundTrip() {
        VerifyResult result = loginOnce();
        fixture.audit().clear();
        return result;
    }

    /** Baseline for the code check: one HMAC-SHA256 and a constant-time compare. */
    @Benchmark
    public boolean rawHmacAndCompare() {
        return MessageDigest.isEqual(
                mac.doFinal("challenge-id|SMS|123456".getBytes(StandardCharsets.UTF_8)), storedMac);
    }

    /** The portal's session lookup (hash, store, idle and absolute expiry, touch). */
    @Benchmark
    public Optional<PatientSession> portalResolveSession() {
        return login.resolve(token);
    }

    /** Baseline for the session lookup: one SHA-256 and a map lookup. */
    @Benchmark
    public String rawSha256AndLookup() throws NoSuchAlgorithmException {
        return sessionsByHash.get(sha256(rawToken));
    }

    private static String sha256(String value) throws NoSuchAlgorithmException {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
    }
}
