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
import dev.patientportal.core.RequestContext;
import dev.patientportal.testkit.RecordingCodeSender;
import dev.patientportal.testkit.TestPortal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The in-memory login (the default stores: compact challenge store, Caffeine sessions, lockouts and limits) next to
 * its raw primitives, in one run: {@code verify} of a started TAJ + phone challenge (which completes the login and
 * opens a session) against one HMAC-SHA256 and a constant-time compare; and a whole login ({@code start} +
 * {@code verify}) against what it cannot do without: a 128-bit challenge id and a 6-digit code from
 * {@code SecureRandom}, four HMAC-SHA256 (the identity's and the phone's pseudonyms, the code's MAC when stored and
 * when checked), a constant-time compare, a 256-bit session token and its SHA-256. Sampled: each call is timed, so
 * {@code verify} can be given a fresh challenge by a per-invocation setup outside the timing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class InMemoryLoginBenchmark {
    private static final InstitutionId CLINIC = InstitutionId.of("bench-clinic");
    private static final RequestContext REQUEST = RequestContext.fromAddress("198.51.100.1");
    private static final byte[] MESSAGE = "AAAAAAAAAAAAAAAAAAAAAA|SMS|1|123456".getBytes(StandardCharsets.UTF_8);

    TestPortal fixture;
    RecordingCodeSender codes;
    PortalLogin login;
    TajAndPhone typed;

    private Mac mac;
    private byte[] storedMac;
    private final SecureRandom random = new SecureRandom();

    /** One patient with TAJ + phone access, and the primitives' key. */
    @Setup(Level.Trial)
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
        byte[] key = new byte[32];
        random.nextBytes(key);
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        storedMac = mac.doFinal(MESSAGE);
    }

    /** A started challenge and its code, made before each {@code verify} call, outside its timing. */
    @State(Scope.Thread)
    public static class Pending {
        Challenge challenge;
        String code;

        /** Starts a login, a day after the last (so no send limit answers), and catches its code. */
        @Setup(Level.Invocation)
        public void start(InMemoryLoginBenchmark b) {
            b.fixture.audit().clear();
            b.fixture.clock().advance(Duration.ofDays(1));
            challenge = b.login.start(b.typed, REQUEST);
            code = b.codes.lastCode(CodeMessage.Channel.SMS).orElseThrow();
            b.codes.clear();
        }
    }

    /** The verify that completes a login: reserve an attempt, HMAC, compare, accept and consume, open a session. */
    @Benchmark
    public VerifyResult verify(Pending p) {
        return login.verify(p.challenge, Factor.SMS, p.code, REQUEST);
    }

    /** Baseline of verify: one HMAC-SHA256 (a reused {@code Mac}) and a constant-time compare. */
    @Benchmark
    public boolean verifyPrimitives() {
        return MessageDigest.isEqual(mac.doFinal(MESSAGE), storedMac);
    }

    /** A whole login: start and verify, a day after the last. */
    @Benchmark
    public VerifyResult login() {
        fixture.clock().advance(Duration.ofDays(1));
        Challenge challenge = login.start(typed, REQUEST);
        VerifyResult r = login.verify(
                challenge, Factor.SMS, codes.lastCode(CodeMessage.Channel.SMS).orElseThrow(), REQUEST);
        fixture.audit().clear();
        codes.clear();
        return r;
    }

    /** Baseline of a login: random id and code, four HMACs, a compare, a random token and its SHA-256. */
    @Benchmark
    public void loginPrimitives(Blackhole bh) throws Exception {
        byte[] id = new byte[16];
        random.nextBytes(id);
        int code = random.nextInt(1_000_000);
        bh.consume(mac.doFinal("identity|037193289|+36201234567".getBytes(StandardCharsets.UTF_8)));
        bh.consume(mac.doFinal("destination|+36201234567".getBytes(StandardCharsets.UTF_8)));
        byte[] message = (Base64.getUrlEncoder().withoutPadding().encodeToString(id) + "|SMS|1|" + code)
                .getBytes(StandardCharsets.UTF_8);
        byte[] stored = mac.doFinal(message);
        bh.consume(MessageDigest.isEqual(mac.doFinal(message), stored));
        byte[] token = new byte[32];
        random.nextBytes(token);
        String t = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        bh.consume(MessageDigest.getInstance("SHA-256").digest(t.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The four arms interleaved in one JVM ({@link Interleaved}).
     *
     * @param args the seconds to measure (default 60)
     * @throws Exception when a call fails
     */
    public static void main(String[] args) throws Exception {
        InMemoryLoginBenchmark b = new InMemoryLoginBenchmark();
        b.setUp();
        Pending pending = new Pending();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        Interleaved.run(
                "InMemoryLogin",
                args.length > 0 ? Long.parseLong(args[0]) : 60,
                200,
                List.of(
                        Interleaved.Arm.of("verifyPrimitives", null, x -> b.verifyPrimitives()),
                        new Interleaved.Arm(
                                "verify",
                                "verifyPrimitives",
                                () -> {
                                    pending.start(b);
                                    return pending;
                                },
                                x -> b.verify((Pending) x)),
                        Interleaved.Arm.of("loginPrimitives", null, x -> {
                            b.loginPrimitives(bh);
                            return bh;
                        }),
                        Interleaved.Arm.of("login", "loginPrimitives", x -> b.login())));
        System.exit(0);
    }
}
