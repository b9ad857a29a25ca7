package dev.patientportal.benchmarks;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.TajNumber;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Normalising what a patient types at login: the portal's {@link PhoneNumber#parse(String)} (parse, validate, format
 * E.164, check the canonical form) against a bare libphonenumber parse, and the TAJ check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IdentifierParsingBenchmark {
    private final String typedPhone = "06 20 123 4567";
    private final String typedTaj = "123 456 788";
    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();

    /** The portal's phone normalisation. */
    @Benchmark
    public PhoneNumber portalPhoneParse() {
        return PhoneNumber.parse(typedPhone);
    }

    /** Baseline: libphonenumber's parse alone. */
    @Benchmark
    public Object bareLibphonenumberParse() throws NumberParseException {
        return util.parse(typedPhone, "HU");
    }

    /** The TAJ normalisation and check digit. */
    @Benchmark
    public TajNumber tajParse() {
        return TajNumber.parse(typedTaj);
    }
}
