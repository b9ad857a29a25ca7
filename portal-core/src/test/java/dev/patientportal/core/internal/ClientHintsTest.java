package dev.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientHintsTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "203.0.113.77, 203.0.113.0/24",
        "10.0.0.1, 10.0.0.0/24",
        "2001:db8:1:2:3:4:5:6, 2001:db8:1::/48",
        "[2001:db8:abcd::1], 2001:db8:abcd::/48",
        "fe80::1%eth0, fe80:0:0::/48",
        "::ffff:192.0.2.5, 192.0.2.0/24"
    })
    void networkOnly(String address, String hint) {
        assertThat(ClientHints.of(address)).isEqualTo(hint);
    }

    @ParameterizedTest(name = "{0} -> none")
    @NullSource
    @ValueSource(strings = {"", "unknown", "localhost", "example.org", "999.1.1.1", "1.2.3", "gg::1", "1.2.3.4:80"})
    void noHintForNonLiterals(String address) {
        assertThat(ClientHints.of(address)).isNull();
    }
}
