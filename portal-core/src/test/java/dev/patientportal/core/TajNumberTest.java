package dev.patientportal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TajNumberTest {
    private static final Pattern LINE = Pattern.compile("\\{\"input\": \"([^\"]*)\", \"valid\": (true|false)}");

    record Case(String input, boolean valid) {}

    /** The oracle in src/test/resources/oracles/taj.jsonl was computed outside this code base. */
    static List<Case> oracle() throws Exception {
        List<Case> cases = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(TajNumberTest.class.getResourceAsStream("/oracles/taj.jsonl")),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                Matcher m = LINE.matcher(line.strip());
                assertThat(m.matches()).as("oracle line %s", line).isTrue();
                cases.add(new Case(m.group(1), Boolean.parseBoolean(m.group(2))));
            }
        }
        return cases;
    }

    @Test
    @DisplayName("every TAJ of the external oracle is judged as the oracle says")
    void agreesWithTheOracle() throws Exception {
        List<Case> cases = oracle();
        assertThat(cases).hasSizeGreaterThan(200);
        assertThat(cases).anyMatch(Case::valid).anyMatch(c -> !c.valid());
        for (Case c : cases) {
            assertThat(TajNumber.isValid(c.input()))
                    .as("isValid for oracle case #%d", cases.indexOf(c))
                    .isEqualTo(c.valid());
            if (c.valid()) {
                assertThat(TajNumber.parse(c.input()).digits()).isEqualTo(c.input());
            } else {
                assertThatThrownBy(() -> TajNumber.parse(c.input())).isInstanceOf(ValidationException.class);
            }
        }
    }

    @Test
    @DisplayName("the design's examples: 123456788 and 037193289 are valid, 123456789 is not")
    void designExamples() {
        assertThat(TajNumber.isValid("123456788")).isTrue();
        assertThat(TajNumber.isValid("037193289")).isTrue();
        assertThat(TajNumber.isValid("123456789")).isFalse();
        assertThat(TajNumber.parse("037193289").digits()).startsWith("0");
    }

    @Test
    @DisplayName("spaces and hyphens as people type them are ignored")
    void normalisesTypedInput() {
        assertThat(TajNumber.parse(" 123 456 788 ").digits()).isEqualTo("123456788");
        assertThat(TajNumber.parse("123-456-788").digits()).isEqualTo("123456788");
    }

    @Test
    @DisplayName("a bad TAJ is a validation error naming the field and never echoing the value")
    void errorsNameTheFieldOnly() {
        assertThatThrownBy(() -> TajNumber.parse("123456789")).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.field()).isEqualTo("taj");
            assertThat(e.getMessage()).doesNotContain("123456789").contains("check digit");
        });
        assertThatThrownBy(() -> TajNumber.parse("12345678a"))
                .isInstanceOf(ValidationException.class)
                .hasMessageNotContaining("12345678a");
        assertThatThrownBy(() -> TajNumber.parse(null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> TajNumber.parse("1234567888")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> TajNumber.parse("１２３４５６７８８"))
                .as("full-width digits are not ASCII digits")
                .isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("toString never shows the digits")
    void toStringIsRedacted() {
        assertThat(TajNumber.parse("123456788").toString())
                .doesNotContain("123456788")
                .doesNotContain("788");
    }

    @Property
    @Label("exactly one of the ten check digits completes any eight-digit prefix")
    void exactlyOneCheckDigitPerPrefix(@ForAll("prefixes") String prefix) {
        long valid = 0;
        for (char d = '0'; d <= '9'; d++) {
            if (TajNumber.isValid(prefix + d)) {
                valid++;
            }
        }
        assertThat(valid).isEqualTo(1);
    }

    @Property
    @Label("every single-digit typing error in a valid TAJ is detected")
    void detectsEverySingleDigitError(
            @ForAll("validTaj") String taj,
            @ForAll @IntRange(min = 0, max = 8) int pos,
            @ForAll @IntRange(min = 1, max = 9) int delta) {
        char[] d = taj.toCharArray();
        d[pos] = (char) ('0' + (d[pos] - '0' + delta) % 10);
        assertThat(TajNumber.isValid(new String(d))).isFalse();
    }

    @Property
    @Label("swapping two adjacent payload digits is detected unless they differ by 0 or 5")
    void detectsAdjacentTranspositions(@ForAll("validTaj") String taj, @ForAll @IntRange(min = 0, max = 6) int pos) {
        char[] d = taj.toCharArray();
        int diff = Math.abs(d[pos] - d[pos + 1]);
        char t = d[pos];
        d[pos] = d[pos + 1];
        d[pos + 1] = t;
        // weights 3 and 7 differ by 4: a swap shifts the sum by 4*diff, which is 0 mod 10 only for diff 0 or 5
        assertThat(TajNumber.isValid(new String(d))).isEqualTo(diff == 0 || diff == 5);
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.strings().withCharRange('0', '9').ofLength(8);
    }

    @Provide
    Arbitrary<String> validTaj() {
        return prefixes().map(p -> {
            for (char d = '0'; d <= '9'; d++) {
                if (TajNumber.isValid(p + d)) {
                    return p + d;
                }
            }
            throw new AssertionError("no check digit for a prefix");
        });
    }
}
