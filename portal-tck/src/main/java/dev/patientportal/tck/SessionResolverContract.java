package dev.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientSession;
import dev.patientportal.core.spi.SessionResolver;
import dev.patientportal.testkit.Race;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionResolver} must do: resolve a token of an open session to its institution and patient, never
 * resolve an unknown or altered token, and end every session of one patient at once without touching anyone else's.
 * The SPI does not open sessions, so an implementation says how ({@link #openSession}; for {@code portal-auth}, a
 * login).
 */
public abstract class SessionResolverContract extends SpiContract<SessionResolver> {
    private final InstitutionId institution = Fresh.institution();

    /** For subclasses. */
    protected SessionResolverContract() {}

    /**
     * Opens a new session for a patient (a login), outside any unit of work of the contract.
     *
     * @param resolver the resolver from {@link #subject()}
     * @param institution the institution
     * @param patient the patient
     * @return the session token
     */
    protected abstract String openSession(SessionResolver resolver, InstitutionId institution, PatientId patient);

    private SessionResolver resolver() {
        return underTest();
    }

    @Nested
    @DisplayName("resolving")
    class Resolving {
        @Test
        @DisplayName("a token of an open session resolves to its institution and patient, with a session id that is "
                + "not the token")
        void resolve_openSession_returnsPatient() {
            PatientId patient = Fresh.patient();
            String token = openSession(resolver(), institution, patient);

            Optional<PatientSession> session = resolver().resolve(token);

            assertThat(session).hasValueSatisfying(s -> {
                assertThat(s.institution()).isEqualTo(institution);
                assertThat(s.patient()).isEqualTo(patient);
                assertThat(s.sessionId()).isNotBlank().doesNotContain(token);
            });
            assertThat(resolver().resolve(token).map(PatientSession::sessionId))
                    .isEqualTo(session.map(PatientSession::sessionId));
        }

        @Test
        @DisplayName("an unknown, empty or altered token resolves to nothing")
        void resolve_unknownOrAlteredToken_isEmpty() {
            String token = openSession(resolver(), institution, Fresh.patient());
            char last = token.charAt(token.length() - 1);
            String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

            assertThat(resolver().resolve(altered)).isEmpty();
            assertThat(resolver().resolve(token.substring(1))).isEmpty();
            assertThat(resolver().resolve(token + "A")).isEmpty();
            assertThat(resolver().resolve("")).isEmpty();
            assertThat(resolver().resolve("not-a-token")).isEmpty();
        }

        @Test
        @DisplayName("every login gets a new token and a new session id")
        void openSession_tokensAndSessionIdsAreUnique() {
            PatientId patient = Fresh.patient();
            Set<String> tokens = new HashSet<>();
            Set<String> sessionIds = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                String token = openSession(resolver(), institution, patient);
                tokens.add(token);
                sessionIds.add(resolver().resolve(token).orElseThrow().sessionId());
            }

            assertThat(tokens).hasSize(50);
            assertThat(sessionIds).hasSize(50);
        }
    }

    @Nested
    @DisplayName("ending sessions")
    class EndingSessions {
        @Test
        @DisplayName("endSessions ends every session of the patient and no one else's")
        void endSessions_endsAllOfPatientOnly() {
            PatientId patient = Fresh.patient();
            PatientId neighbour = Fresh.patient();
            InstitutionId otherInstitution = Fresh.institution();
            List<String> tokens = List.of(
                    openSession(resolver(), institution, patient),
                    openSession(resolver(), institution, patient),
                    openSession(resolver(), institution, patient));
            String neighbourToken = openSession(resolver(), institution, neighbour);
            String elsewhereToken = openSession(resolver(), otherInstitution, patient);

            inUnitOfWork(() -> resolver().endSessions(institution, patient));

            assertThat(tokens).allSatisfy(t -> assertThat(resolver().resolve(t)).isEmpty());
            assertThat(resolver().resolve(neighbourToken)).isPresent();
            assertThat(resolver().resolve(elsewhereToken)).isPresent();
        }

        @Test
        @DisplayName("endSessions for a patient without sessions does nothing, and a later login works")
        void endSessions_withoutSessions_isHarmless() {
            PatientId patient = Fresh.patient();

            inUnitOfWork(() -> resolver().endSessions(institution, patient));
            String token = openSession(resolver(), institution, patient);

            assertThat(resolver().resolve(token)).isPresent();
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("20 threads resolving and logging in at once all succeed; after endSessions none resolves")
        void resolve_concurrently_thenEndSessions() {
            PatientId patient = Fresh.patient();
            String shared = openSession(resolver(), institution, patient);

            List<Race.Outcome<String>> outcomes = Race.run(20, i -> () -> {
                assertThat(resolver().resolve(shared)).isPresent();
                String mine = openSession(resolver(), institution, patient);
                assertThat(resolver().resolve(mine)).isPresent();
                return mine;
            });

            List<String> tokens = Fresh.resultsOf(outcomes);
            inUnitOfWork(() -> resolver().endSessions(institution, patient));
            assertThat(resolver().resolve(shared)).isEmpty();
            assertThat(tokens).allSatisfy(t -> assertThat(resolver().resolve(t)).isEmpty());
        }
    }
}
