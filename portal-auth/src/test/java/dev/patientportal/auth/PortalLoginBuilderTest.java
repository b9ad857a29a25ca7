package dev.patientportal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.spi.AuthStores;
import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.LockoutStore;
import dev.patientportal.auth.spi.RateLimitStore;
import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.testkit.InMemoryPortalStores;
import dev.patientportal.testkit.RecordingCodeSender;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PortalLoginBuilderTest {
    private static AuthStores databaseLike() {
        AuthStores memory = AuthStores.inMemory();
        return new AuthStores() {
            @Override
            public ChallengeStore challenges() {
                return memory.challenges();
            }

            @Override
            public SessionStore sessions() {
                return memory.sessions();
            }

            @Override
            public LockoutStore lockouts() {
                return memory.lockouts();
            }

            @Override
            public RateLimitStore rateLimits() {
                return memory.rateLimits();
            }

            @Override
            public boolean requiresUnitOfWork() {
                return true;
            }
        };
    }

    private static PortalLogin.Builder wired() {
        return PortalLogin.builder()
                .portalStores(new InMemoryPortalStores())
                .codeSender(new RecordingCodeSender())
                .keys(CodeKeyring.random());
    }

    @Test
    @DisplayName("nothing wired: every missing piece is named at once")
    void namesEveryMissingPiece() {
        assertThatThrownBy(() -> PortalLogin.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("grants")
                .hasMessageContaining("audit")
                .hasMessageContaining("codeSender")
                .hasMessageContaining("keys");
    }

    @Test
    @DisplayName("stores that need a unit of work with the direct runner are refused at build, not at the first login")
    void transactionalStoresNeedARunner() {
        assertThatThrownBy(() -> wired().stores(databaseLike()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unit of work")
                .hasMessageContaining("transactions(TransactionRunner)");
        TransactionRunner runner = new TransactionRunner() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                return work.get();
            }
        };
        assertThat(wired().stores(databaseLike())
                        .transactions(runner)
                        .pseudonymKey(PseudonymKey.fromBase64("p1", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="))
                        .build())
                .isNotNull();
        assertThat(wired().build())
                .as("in-memory stores and the direct runner are fine")
                .isNotNull();
    }

    @Test
    @DisplayName("a random pseudonym key, given or by default, with database stores is refused unless singleNode()")
    void randomPseudonymKeyNeedsSingleNode() {
        TransactionRunner runner = new TransactionRunner() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                return work.get();
            }
        };
        assertThatThrownBy(() ->
                        wired().stores(databaseLike()).transactions(runner).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pseudonymKey(PseudonymKey)")
                .hasMessageContaining("singleNode()");
        assertThatThrownBy(() -> wired().stores(databaseLike())
                        .transactions(runner)
                        .pseudonymKey(PseudonymKey.random("p1"))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("random");
        assertThat(wired().stores(databaseLike())
                        .transactions(runner)
                        .pseudonymKey(PseudonymKey.random("p1"))
                        .singleNode()
                        .build())
                .isNotNull();
        assertThat(wired().stores(databaseLike())
                        .transactions(runner)
                        .singleNode()
                        .build())
                .isNotNull();
    }
}
