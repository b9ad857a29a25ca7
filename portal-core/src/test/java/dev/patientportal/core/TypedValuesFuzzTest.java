package dev.patientportal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * TAJ numbers, phone numbers and e-mail addresses as anyone might type them: a parser either gives back a value that
 * is canonical (parsing it again gives the same value) or refuses with a {@link ValidationException} naming the field,
 * whose message never echoes the input. Tries: {@code portal.fuzz.tries} per input kind (CI: 10 000).
 */
class TypedValuesFuzzTest {

    /** Anything at all, with a bias towards the shapes the parsers care about. */
    static Arbitrary<String> hostile(Arbitrary<String> nearlyValid) {
        return Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.strings().all().ofMaxLength(80)),
                        Tuple.of(
                                2,
                                Arbitraries.strings()
                                        .withChars("0123456789 -+()/.\t\u00a0\u0660\uff10")
                                        .ofMaxLength(40)),
                        Tuple.of(4, nearlyValid),
                        Tuple.of(
                                1,
                                Arbitraries.strings().ascii().ofMinLength(300).ofMaxLength(3000)))
                .injectNull(0.01);
    }

    /** The refusal a parser may give: a validation error on the field, not echoing what was typed. */
    static void assertRefusal(String field, @Nullable String input, Throwable thrown) {
        assertThat(thrown).isInstanceOf(ValidationException.class);
        assertThat(((ValidationException) thrown).field()).isEqualTo(field);
        if (input != null && input.strip().length() >= 5) {
            assertThat(thrown.getMessage())
                    .as("the message never echoes the input")
                    .doesNotContain(input.strip());
        }
    }

    /** Parses, checks a refusal or that the value parses to itself, and returns the value or {@code null}. */
    static <T> @Nullable T parsesOrRefuses(
            String field, @Nullable String input, Function<String, T> parse, Function<T, String> text) {
        T value;
        try {
            value = parse.apply(input);
        } catch (RuntimeException e) {
            assertRefusal(field, input, e);
            return null;
        }
        assertThat(parse.apply(text.apply(value))).as("canonical").isEqualTo(value);
        return value;
    }

    @Provide
    Arbitrary<String> tajs() {
        Arbitrary<String> typed = Arbitraries.strings()
                .numeric()
                .ofLength(8)
                .map(p -> {
                    for (char d = '0'; d <= '9'; d++) {
                        if (TajNumber.isValid(p + d)) {
                            return p + d;
                        }
                    }
                    throw new AssertionError("no check digit");
                })
                .flatMap(taj -> Arbitraries.of(
                        taj,
                        taj.substring(0, 3) + " " + taj.substring(3, 6) + " " + taj.substring(6),
                        taj.substring(0, 3) + "-" + taj.substring(3, 6) + "-" + taj.substring(6),
                        " " + taj + "\t",
                        taj.substring(0, 8) + (char) ('0' + (taj.charAt(8) - '0' + 1) % 10),
                        taj + "0",
                        taj.substring(1)));
        return hostile(Arbitraries.oneOf(
                typed, Arbitraries.strings().numeric().ofMinLength(7).ofMaxLength(11)));
    }

    @Provide
    Arbitrary<String> phones() {
        return hostile(Arbitraries.strings()
                .numeric()
                .ofMinLength(5)
                .ofMaxLength(17)
                .flatMap(d -> Arbitraries.of("+" + d, "06" + d, "+36" + d, "+36 20 " + d, "0036" + d, "(06-30) " + d)));
    }

    @Provide
    Arbitrary<String> emails() {
        Arbitrary<String> local = Arbitraries.oneOf(
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars("._+-")
                        .ofMinLength(1)
                        .ofMaxLength(70),
                Arbitraries.strings().all().ofMaxLength(70));
        Arbitrary<String> domain = Arbitraries.oneOf(
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars(".-")
                        .ofMinLength(1)
                        .ofMaxLength(70)
                        .map(d -> d + ".hu"),
                Arbitraries.strings().all().ofMaxLength(70));
        return hostile(Combinators.combine(local, domain, Arbitraries.of("@", "@@", " @ ", ""))
                .as((l, d, at) -> l + at + d));
    }

    @Property
    @Label("TAJ: a canonical number or a refusal on taj; isValid agrees with parse")
    void taj(@ForAll("tajs") @Nullable String input) {
        TajNumber taj = parsesOrRefuses("taj", input, TajNumber::parse, TajNumber::digits);
        if (taj != null) {
            assertThat(taj.digits()).hasSize(9).containsOnlyDigits();
        }
        assertThat(TajNumber.isValid(input)).isEqualTo(taj != null);
    }

    @Property
    @Label("phone: a canonical E.164 number or a refusal on phone")
    void phone(@ForAll("phones") @Nullable String input) {
        PhoneNumber phone = parsesOrRefuses("phone", input, PhoneNumber::parse, PhoneNumber::e164);
        if (phone != null) {
            assertThat(phone.e164()).startsWith("+").hasSizeLessThanOrEqualTo(16);
            assertThat(new PhoneNumber(phone.e164())).isEqualTo(phone);
            assertThat(phone.region()).hasSize(2);
            phone.canReceiveSms(); // answers, without throwing, for every number it accepted
        }
    }

    @Property
    @Label("e-mail: a canonical lower-case address or a refusal on email")
    void email(@ForAll("emails") @Nullable String input) {
        EmailAddress email = parsesOrRefuses("email", input, EmailAddress::parse, EmailAddress::value);
        if (email != null) {
            assertThat(email.value())
                    .isEqualTo(email.value().strip().toLowerCase(Locale.ROOT))
                    .hasSizeLessThanOrEqualTo(254)
                    .containsOnlyOnce("@");
        }
    }
}
