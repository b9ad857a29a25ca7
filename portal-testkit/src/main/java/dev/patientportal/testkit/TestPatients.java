package dev.patientportal.testkit;

import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.TajNumber;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Obviously fake patient records for tests and demos. Each call of {@link #next} makes a record whose e-mail address
 * ({@code @example.test}), Hungarian mobile number and TAJ differ from every earlier one, so grants of different
 * patients never collide on their login identity.
 *
 * <p>Thread-safe.
 */
public final class TestPatients {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private TestPatients() {}

    /**
     * A complete record: names, birth date, e-mail, mobile phone, TAJ, address, Hungarian locale.
     *
     * @param institution the institution
     * @param patient the patient
     * @return the record
     */
    public static PatientProfile next(InstitutionId institution, PatientId patient) {
        long n = SEQUENCE.incrementAndGet() % 10_000_000L;
        return new PatientProfile(
                institution,
                patient,
                "Test",
                "Patient " + n,
                LocalDate.of(1980, 1, 1),
                email(n),
                mobile(n),
                taj(n),
                "1 Example Street, Testville",
                Locale.forLanguageTag("hu-HU"));
    }

    /**
     * A fake e-mail address, {@code patient-<n>@example.test}.
     *
     * @param n a number that makes it unique
     * @return the address
     */
    public static EmailAddress email(long n) {
        return EmailAddress.parse("patient-" + n + "@example.test");
    }

    /**
     * A Hungarian mobile number, {@code +3630} followed by seven digits of {@code n}.
     *
     * @param n 0 to 9 999 999
     * @return the number; it can receive SMS
     */
    public static PhoneNumber mobile(long n) {
        return new PhoneNumber(String.format(Locale.ROOT, "+3630%07d", n % 10_000_000L));
    }

    /**
     * A valid TAJ: eight digits from {@code n} and the right check digit.
     *
     * @param n 0 to 99 999 999
     * @return the TAJ
     */
    public static TajNumber taj(long n) {
        String eight = String.format(Locale.ROOT, "%08d", n % 100_000_000L);
        int odd = 0;
        int even = 0;
        for (int i = 0; i < 8; i++) {
            int d = eight.charAt(i) - '0';
            if (i % 2 == 0) {
                odd += d;
            } else {
                even += d;
            }
        }
        return new TajNumber(eight + (3 * odd + 7 * even) % 10);
    }

    /**
     * A Budapest landline, which cannot receive SMS.
     *
     * @return the number {@code +3612345678}
     */
    public static PhoneNumber landline() {
        return new PhoneNumber("+3612345678");
    }
}
