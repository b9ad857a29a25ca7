package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.DocumentId;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Databases;
import dev.patientportal.jpa.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The memory bound of portal-jpa's own content store: two documents, each larger than the whole heap of this test's
 * fork ({@code -Xmx80m}, its own surefire execution), are written and read back through {@code JpaStores.content()}
 * on PostgreSQL and MariaDB, and their SHA-256 digests match. Before migration V12 the store read each document
 * into one array and failed here with an {@link OutOfMemoryError}. H2 is left out: its in-memory test database keeps
 * the bytes on this heap.
 */
@DisplayName("Document content larger than the heap streams through the JPA content store")
class LargeContentTest {
    private static final InstitutionId CLINIC = InstitutionId.of("clinic-large");
    private static final long SIZE = 96L << 20;

    /** A stream of {@code size} bytes from a seed, made as it is read. */
    private static final class Generated extends InputStream {
        private long left;
        private long state;

        Generated(long size, long seed) {
            this.left = size;
            this.state = seed;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            state = state * 6364136223846793005L + 1442695040888963407L;
            return (int) (state >>> 56);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) read();
            }
            return n;
        }
    }

    private static byte[] digest(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream d = new DigestInputStream(in, sha)) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = d.read(buf)) != -1; ) {
                total += n;
            }
            assertThat(total).isEqualTo(SIZE);
        }
        return sha.digest();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = DatabaseKind.class,
            names = {"POSTGRESQL", "MARIADB"})
    @DisplayName("two documents of 96 MiB, written and read back under an 80 MiB heap")
    void largerThanTheHeap(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        // Run by the pom's execution "large-content", which sets the property; elsewhere (a -Dtest run with the
        // default heap) the bound would prove nothing.
        Assumptions.assumeTrue(
                Boolean.getBoolean("portal.largeContent"), "runs in the surefire execution large-content (-Xmx80m)");
        assertThat(Runtime.getRuntime().maxMemory()).as("this test's fork heap").isLessThan(SIZE);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(2));
            JpaStores stores = JpaStores.create(tx);
            for (int seed = 1; seed <= 2; seed++) {
                DocumentId id = DocumentId.of("large-" + seed);
                long s = seed;
                tx.inTransaction(() -> {
                    stores.content().write(CLINIC, id, new Generated(SIZE, s), SIZE);
                    return null;
                });
                byte[] expected = digest(new Generated(SIZE, s));
                try (InputStream in = tx.inTransaction(() -> stores.content().read(CLINIC, id))) {
                    assertThat(digest(in)).as("document %d", seed).isEqualTo(expected);
                }
            }
        }
    }
}
