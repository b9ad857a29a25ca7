package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.ConflictException;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.jpa.internal.JpaContentStore;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Databases;
import dev.patientportal.jpa.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Migration V12: document content in chunks. With 7-byte chunks, documents cross many chunk boundaries cheaply; the
 * bytes read back are the bytes written, whether the stream is read inside the unit of work that opened it or after,
 * and content written before V12 reads as before.
 */
@DisplayName("Document content in chunks (V12)")
class ContentChunksTest {
    private static final InstitutionId CLINIC = InstitutionId.of("clinic-chunks");
    private static final int CHUNK = 7;

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static void write(ResourceLocalTransactionRunner tx, JpaContentStore store, String id, byte[] content) {
        tx.inTransaction(() -> {
            store.write(CLINIC, DocumentId.of(id), new ByteArrayInputStream(content), content.length);
            return null;
        });
    }

    private static long chunkRows(TestDatabase db, String id) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT COUNT(*) FROM portal_document_chunk WHERE institution_id = ? AND document_id = ?")) {
            s.setString(1, CLINIC.value());
            s.setString(2, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("sizes around the chunk size read back byte for byte, inside the opening unit of work and after it")
    void roundTrip(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(2));
            JpaContentStore store = new JpaContentStore(tx, tx, CHUNK);
            for (int size : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 10 * CHUNK, 10 * CHUNK + 3}) {
                byte[] content = bytes(size);
                String id = "doc-" + size;
                write(tx, store, id, content);
                assertThat(chunkRows(db, id)).as("chunks of %d bytes", size).isEqualTo((size + CHUNK - 1) / CHUNK);
                byte[] inside = tx.inTransaction(() -> {
                    try (InputStream in = store.read(CLINIC, DocumentId.of(id))) {
                        return in.readAllBytes();
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
                assertThat(inside).as("%d bytes, read inside", size).isEqualTo(content);
                InputStream after = tx.inTransaction(() -> store.read(CLINIC, DocumentId.of(id)));
                try (after) {
                    assertThat(after.readAllBytes())
                            .as("%d bytes, read after", size)
                            .isEqualTo(content);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("single reads, skips and odd buffer sizes see the same bytes")
    void readShapes(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(2));
            JpaContentStore store = new JpaContentStore(tx, tx, CHUNK);
            byte[] content = bytes(5 * CHUNK + 2);
            write(tx, store, "doc", content);
            try (InputStream in = tx.inTransaction(() -> store.read(CLINIC, DocumentId.of("doc")))) {
                assertThat(in.read()).isEqualTo(content[0] & 0xff);
                assertThat(in.skip(CHUNK + 2)).isEqualTo(CHUNK + 2);
                byte[] buf = new byte[3];
                assertThat(in.read(buf, 0, 3)).isEqualTo(3);
                assertThat(buf).isEqualTo(Arrays.copyOfRange(content, CHUNK + 3, CHUNK + 6));
                byte[] rest = in.readAllBytes();
                assertThat(rest).isEqualTo(Arrays.copyOfRange(content, CHUNK + 6, content.length));
                assertThat(in.read()).isEqualTo(-1);
                assertThat(in.read(buf, 0, 3)).isEqualTo(-1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("a second write of the same bytes is a no-op; other bytes, even one in the last chunk, conflict")
    void writeOnce(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(2));
            JpaContentStore store = new JpaContentStore(tx, tx, CHUNK);
            byte[] content = bytes(3 * CHUNK + 1);
            write(tx, store, "doc", content);
            write(tx, store, "doc", content.clone());
            byte[] lastDiffers = content.clone();
            lastDiffers[lastDiffers.length - 1]++;
            assertThatThrownBy(() -> write(tx, store, "doc", lastDiffers)).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> write(tx, store, "doc", bytes(3 * CHUNK))).isInstanceOf(ConflictException.class);
            assertThat(chunkRows(db, "doc")).isEqualTo(4);
            try (InputStream in = tx.inTransaction(() -> store.read(CLINIC, DocumentId.of("doc")))) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("delete removes the chunks; a missing document, or one deleted while being read, fails clearly")
    void deleteAndMissing(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(2));
            JpaContentStore store = new JpaContentStore(tx, tx, CHUNK);
            write(tx, store, "doc", bytes(4 * CHUNK));
            InputStream reading = tx.inTransaction(() -> store.read(CLINIC, DocumentId.of("doc")));
            tx.inTransaction(() -> {
                store.delete(CLINIC, DocumentId.of("doc"));
                return null;
            });
            assertThat(chunkRows(db, "doc")).isZero();
            assertThatThrownBy(() -> tx.inTransaction(() -> store.read(CLINIC, DocumentId.of("doc"))))
                    .isInstanceOf(NotFoundException.class);
            assertThat(reading.readNBytes(CHUNK)).as("the chunk loaded at open").isEqualTo(bytes(CHUNK));
            assertThatThrownBy(reading::read).isInstanceOf(IOException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("content written before V12, in one row, reads the same after the migration")
    void contentFromBeforeV12(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        byte[] content = bytes(3 * CHUNK + 5);
        try (TestDatabase db = TestDatabase.create(kind, "10")) {
            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement s = c.prepareStatement("INSERT INTO portal_document_content"
                            + " (institution_id, document_id, size_bytes, content) VALUES (?, ?, ?, ?)")) {
                s.setString(1, CLINIC.value());
                s.setString(2, "old");
                s.setLong(3, content.length);
                s.setBytes(4, content);
                s.executeUpdate();
            }
            assertThat(db.migrate()).isPositive();
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(2));
            JpaContentStore store = new JpaContentStore(tx, tx, CHUNK);
            try (InputStream in = tx.inTransaction(() -> store.read(CLINIC, DocumentId.of("old")))) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
            write(tx, store, "old", content.clone());
            byte[] other = content.clone();
            other[0]++;
            assertThatThrownBy(() -> write(tx, store, "old", other)).isInstanceOf(ConflictException.class);
            assertThat(chunkRows(db, "old")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("stores made by JpaStores chunk and stream too, with the runner they carry")
    void throughJpaStores(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(2));
            JpaStores stores = JpaStores.create(tx);
            byte[] content = bytes(JpaContentStore.DEFAULT_CHUNK_BYTES * 2 + 11);
            tx.inTransaction(() -> {
                stores.content().write(CLINIC, DocumentId.of("big"), new ByteArrayInputStream(content), content.length);
                return null;
            });
            assertThat(chunkRows(db, "big")).isEqualTo(3);
            try (InputStream in = tx.inTransaction(() -> stores.content().read(CLINIC, DocumentId.of("big")))) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
        }
    }
}
