package dev.patientportal.benchmarks;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.LoginRequest;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.Staff;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.CodeSender;
import dev.patientportal.testkit.TestPortal;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whether {@code PortalLogin.start} takes as long for an identity without a grant as for a patient's: the same TAJ +
 * phone start for a known identity, made-up identifiers, a revoked grant and a grant of the other method (e-mail +
 * phone), side by side. Login is wired as a host wires it: the in-memory login stores, the default delivery executor
 * (a real hand-off to its pool threads), and a code sender that discards the message, so that what is compared is the
 * portal's own work, hand-off included, and no provider. Sampled, so that JMH reports the median ({@code p0.50}) as
 * well as the mean; the baseline of each kind is the known identity, in the same run.
 *
 * <p>Run by JMH ({@code -p kind=...}), the kinds are measured one after the other, and on a machine whose load drifts
 * the drift shows as a difference between kinds. {@link #main} interleaves them in one JVM instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Long warm-up: on a loaded machine a few seconds leave the compilation unfinished (docs/benchmarks.md).
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LoginStartBenchmark {
    private static final InstitutionId CLINIC = InstitutionId.of("bench-clinic");
    /** Starts per block of one kind in {@link #main}, and how many of its first are not counted. */
    private static final int BLOCK = 200;

    private static final int SKIPPED = 10;
    private final RequestContext request = RequestContext.fromAddress("198.51.100.1");

    /** Who logs in: {@code known}, {@code unknown}, {@code revoked} or {@code otherMethod}. */
    @Param({"known", "unknown", "revoked", "otherMethod"})
    public String kind;

    private TestPortal fixture;
    private PortalLogin login;
    private LoginRequest typed;
    private final LongAdder discarded = new LongAdder();

    /** Three patients (TAJ + phone, revoked TAJ + phone, e-mail + phone) and the request of this kind. */
    @Setup
    public void setUp() throws InterruptedException {
        fixture = TestPortal.create();
        CodeSender discard = message -> discarded.increment();
        AuditSink audit = event -> {};
        login = PortalLogin.builder()
                .grants(fixture.grants())
                .audit(audit)
                .patientDirectory(fixture.patients())
                .codeSender(discard)
                .keys(CodeKeyring.random())
                .clock(fixture.clock())
                .build();
        Staff staff = fixture.staff(CLINIC);
        PatientProfile known = patient("p-known", AccessMethod.TAJ_AND_PHONE);
        PatientProfile revoked = patient("p-revoked", AccessMethod.TAJ_AND_PHONE);
        AccessGrant grant = fixture.grants().find(CLINIC, revoked.patient()).orElseThrow();
        fixture.portal().administration(staff).revoke(revoked.patient(), "left", grant.version());
        PatientProfile email = patient("p-email", AccessMethod.EMAIL_AND_PHONE);
        typed = switch (kind) {
            case "known" -> taj(known);
            case "unknown" -> new TajAndPhone(CLINIC, "037193289", "+36201234567");
            case "revoked" -> taj(revoked);
            case "otherMethod" -> taj(email);
            default -> throw new IllegalArgumentException("kind: " + kind);
        };
        // Sanity: the known identity's code reaches the sender, a decoy's does not.
        login.start(typed, request);
        long expected = kind.equals("known") ? 1 : 0;
        for (int i = 0; i < 100 && discarded.sum() < 1; i++) {
            Thread.sleep(10);
        }
        if (discarded.sum() != expected) {
            throw new IllegalStateException(kind + ": " + discarded.sum() + " codes sent, expected " + expected);
        }
    }

    private PatientProfile patient(String id, AccessMethod method) {
        PatientProfile p = fixture.addPatient(CLINIC, PatientId.of(id));
        fixture.portal().administration(fixture.staff(CLINIC)).grant(p.patient(), method, false);
        return p;
    }

    private static TajAndPhone taj(PatientProfile p) {
        return new TajAndPhone(CLINIC, p.taj().digits(), p.phone().e164());
    }

    /** One start; a day later each time, so that no send limit or lockout window answers instead. */
    @Benchmark
    public Challenge start() {
        fixture.clock().advance(Duration.ofDays(1));
        return login.start(typed, request);
    }

    /**
     * Measures the kinds in one JVM, interleaved in blocks: {@code BLOCK} starts of one kind, then of the next, in a
     * random order each round, every start timed on its own. A block is long enough that each kind's delivery tasks
     * compete with its own next starts, as they do for a client that repeats its start, and short enough (tens of
     * milliseconds) that a machine's load drifts alike for all kinds. Prints each kind's median, 90th percentile and
     * mean next to the known identity's.
     *
     * @param args the seconds to measure (default 90), after a tenth of that (at least 5 s) of warm-up; then,
     *     optionally, the kinds, comma-separated (default all four, the known identity first)
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 90;
        String[] kinds =
                args.length > 1 ? args[1].split(",") : new String[] {"known", "unknown", "revoked", "otherMethod"};
        LoginStartBenchmark[] states = new LoginStartBenchmark[kinds.length];
        long[][] samples = new long[kinds.length][];
        int[] counts = new int[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            states[i] = new LoginStartBenchmark();
            states[i].kind = kinds[i];
            states[i].setUp();
            samples[i] = new long[1 << 16];
        }
        java.util.Random order = new java.util.Random(42);
        long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(5, seconds / 10));
        long end = warmUpEnd + TimeUnit.SECONDS.toNanos(seconds);
        Object sink = null;
        int[] perm = java.util.stream.IntStream.range(0, kinds.length).toArray();
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
            boolean measuring = now >= warmUpEnd;
            for (int j = perm.length - 1; j > 0; j--) {
                int k = order.nextInt(j + 1);
                int t = perm[j];
                perm[j] = perm[k];
                perm[k] = t;
            }
            for (int i : perm) {
                LoginStartBenchmark s = states[i];
                for (int n = 0; n < BLOCK; n++) {
                    long t0 = System.nanoTime();
                    sink = s.start();
                    long took = System.nanoTime() - t0;
                    // The first starts of a block share the CPU with the previous kind's last tasks: not counted.
                    if (measuring && n >= SKIPPED) {
                        if (counts[i] == samples[i].length) {
                            samples[i] = java.util.Arrays.copyOf(samples[i], counts[i] * 2);
                        }
                        samples[i][counts[i]++] = took;
                    }
                }
            }
        }
        if (sink == null) {
            throw new IllegalStateException("no start ran");
        }
        double knownMedian = percentile(samples[0], counts[0], 0.5);
        System.out.println("kind          starts   median (us)   p90 (us)   mean (us)   median vs known");
        for (int i = 0; i < kinds.length; i++) {
            double median = percentile(samples[i], counts[i], 0.5);
            double mean =
                    java.util.Arrays.stream(samples[i], 0, counts[i]).average().orElse(0) / 1000;
            System.out.println(String.format(
                    Locale.ROOT,
                    "%-13s %6d %13.1f %10.1f %11.1f %+17.1f %%",
                    kinds[i],
                    counts[i],
                    median,
                    percentile(samples[i], counts[i], 0.9),
                    mean,
                    100 * (median / knownMedian - 1)));
        }
        System.exit(0); // the delivery pools' threads are daemons, but say so
    }

    private static double percentile(long[] values, int count, double p) {
        long[] sorted = java.util.Arrays.copyOf(values, count);
        java.util.Arrays.sort(sorted);
        return sorted[Math.min(count - 1, (int) (p * count))] / 1000.0;
    }
}
