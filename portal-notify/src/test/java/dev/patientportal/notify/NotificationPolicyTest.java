package dev.patientportal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.NotificationIntent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The standard policy over every combination of facts, for every kind of notification. */
class NotificationPolicyTest {
    static Stream<Arguments> everyCombination() {
        List<Arguments> all = new ArrayList<>();
        for (NotificationIntent.Type type : NotificationIntent.Type.values()) {
            for (int bits = 0; bits < 64; bits++) {
                all.add(Arguments.of(
                        type,
                        new PatientFacts(
                                (bits & 1) != 0,
                                (bits & 2) != 0,
                                (bits & 4) != 0,
                                (bits & 8) != 0,
                                (bits & 16) != 0 ? 2 : 0,
                                (bits & 32) != 0)));
            }
        }
        return all.stream();
    }

    /** The seed's rules, written out independently of the implementation. */
    static Set<Channel> expected(NotificationIntent.Type type, PatientFacts f) {
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        if (!f.grantActive() || !f.subjectVisible()) {
            return channels;
        }
        if (f.hasEmail()) {
            channels.add(Channel.EMAIL); // e-mail always
        }
        if (type != NotificationIntent.Type.ACCESS_GRANTED && f.devices() > 0) {
            channels.add(Channel.PUSH); // push with a registered device of the app
        }
        if (type == NotificationIntent.Type.DOCUMENT_PUBLISHED && f.smsEnabled() && f.hasMobile()) {
            channels.add(Channel.SMS); // SMS for new documents when the grant enables it
        }
        return channels;
    }

    @ParameterizedTest
    @MethodSource("everyCombination")
    void chooses_the_seeds_channels_and_explains_every_other(NotificationIntent.Type type, PatientFacts facts) {
        NotificationPolicy.Decision d = NotificationPolicy.standard().decide(type, facts);

        assertThat(d.channels()).isEqualTo(expected(type, facts));
        assertThat(d.skipped().keySet())
                .isEqualTo(EnumSet.complementOf(
                        EnumSet.copyOf(d.channels().isEmpty() ? EnumSet.noneOf(Channel.class) : d.channels())));
        if (!facts.grantActive()) {
            assertThat(d.skipped()).containsValue(SkipReason.GRANT_INACTIVE).hasSize(3);
        } else if (!facts.subjectVisible()) {
            assertThat(d.skipped().values()).containsOnly(SkipReason.SUBJECT_NOT_VISIBLE);
        } else if (type == NotificationIntent.Type.DOCUMENT_PUBLISHED
                && !d.channels().contains(Channel.SMS)) {
            assertThat(d.skipped().get(Channel.SMS))
                    .isEqualTo(facts.smsEnabled() ? SkipReason.NO_MOBILE_NUMBER : SkipReason.SMS_NOT_ENABLED);
        }
    }
}
