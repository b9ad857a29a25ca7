package dev.patientportal.jpa.internal;

import dev.patientportal.core.ConflictException;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.ContentStore;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@link ContentStore} on {@code portal_document_content} and {@code portal_document_chunk}: the bytes in chunks of
 * {@value #DEFAULT_CHUNK_BYTES} bytes ({@code bytea} on PostgreSQL, {@code LONGBLOB} on MariaDB), written in the
 * publishing transaction, so a rolled-back publish leaves no orphan. Neither a write nor a read holds more than one
 * chunk in memory: a read returns a stream that loads the next chunk when the caller gets to it, each in a short unit
 * of work of its own when the stream is read after the unit of work that opened it (content is written once, so the
 * chunks of one document cannot change between two loads). Without a transaction runner
 * ({@code JpaStores.withTransactions}), a read loads every chunk at once. Content written before migration V12 is one
 * row and reads as before.
 */
public final class JpaContentStore implements ContentStore {
    /** The size of a chunk: small enough for MariaDB's default {@code max_allowed_packet}, large enough to be cheap. */
    public static final int DEFAULT_CHUNK_BYTES = 1 << 20;

    private final EntityManagerProvider entityManagers;
    private final @Nullable TransactionRunner transactions;
    private final int chunkBytes;

    /**
     * Creates the store.
     *
     * @param entityManagers the current entity manager
     * @param transactions the runner that loads a chunk when a stream is read after its unit of work, or {@code null}
     *     to load every chunk when the stream is opened
     */
    public JpaContentStore(EntityManagerProvider entityManagers, @Nullable TransactionRunner transactions) {
        this(entityManagers, transactions, DEFAULT_CHUNK_BYTES);
    }

    /**
     * Creates the store with a chunk size of its own (tests use small chunks to cross many boundaries cheaply).
     *
     * @param entityManagers the current entity manager
     * @param transactions the runner that loads later chunks, or {@code null}
     * @param chunkBytes the size of a chunk, at least 1
     */
    public JpaContentStore(
            EntityManagerProvider entityManagers, @Nullable TransactionRunner transactions, int chunkBytes) {
        this.entityManagers = Objects.requireNonNull(entityManagers, "entityManagers");
        this.transactions = transactions;
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be at least 1");
        }
        this.chunkBytes = chunkBytes;
    }

    /**
     * Returns this store loading later chunks under another runner.
     *
     * @param runner the runner
     * @return a store on the same tables
     */
    public JpaContentStore withTransactions(TransactionRunner runner) {
        return new JpaContentStore(entityManagers, Objects.requireNonNull(runner, "runner"), chunkBytes);
    }

    @Override
    public void write(InstitutionId institution, DocumentId id, InputStream content, long length) {
        if (length < 0 || length > (long) Integer.MAX_VALUE * chunkBytes) {
            throw new IllegalArgumentException("length must be between 0 and " + (long) Integer.MAX_VALUE * chunkBytes);
        }
        int count = (int) ((length + chunkBytes - 1) / chunkBytes);
        EntityManager em = em();
        try {
            DocumentKey key = new DocumentKey(institution.value(), id.value());
            ContentEntity existing = em.find(ContentEntity.class, key);
            if (existing != null) {
                requireSame(em, existing, content, length);
                return;
            }
            ContentEntity header = new ContentEntity(key);
            header.sizeBytes = length;
            header.chunkCount = count;
            em.persist(header);
            for (int seq = 0; seq < count; seq++) {
                ContentChunkEntity chunk = new ContentChunkEntity(
                        new ContentChunkEntity.Key(key, seq), readChunk(content, chunkLength(length, seq)));
                em.persist(chunk);
                em.flush();
                em.detach(chunk);
            }
            em.flush();
        } catch (PersistenceException e) {
            throw Exceptions.translate("Storing document content", e);
        }
    }

    @Override
    public InputStream read(InstitutionId institution, DocumentId id) {
        EntityManager em = em();
        try {
            DocumentKey key = new DocumentKey(institution.value(), id.value());
            ContentEntity header = em.find(ContentEntity.class, key);
            if (header == null) {
                throw new NotFoundException("document content");
            }
            Integer count = header.chunkCount;
            if (count == null) {
                return new ByteArrayInputStream(header.content);
            }
            if (count == 0) {
                return InputStream.nullInputStream();
            }
            byte[] first = chunk(em, key, 0);
            TransactionRunner runner = transactions;
            if (runner == null) {
                return new ByteArrayInputStream(readAll(em, key, count, first));
            }
            return new ChunkStream(key, count, header.sizeBytes, first, runner);
        } catch (PersistenceException e) {
            throw Exceptions.translate("Reading document content", e);
        }
    }

    @Override
    public void delete(InstitutionId institution, DocumentId id) {
        EntityManager em = em();
        try {
            DocumentKey key = new DocumentKey(institution.value(), id.value());
            ContentEntity e = em.find(ContentEntity.class, key);
            if (e != null) {
                em.createQuery(
                                "DELETE FROM PortalDocumentChunk c WHERE c.key.institutionId = :i AND c.key.documentId = :d")
                        .setParameter("i", key.institutionId)
                        .setParameter("d", key.documentId)
                        .executeUpdate();
                em.remove(e);
                em.flush();
            }
        } catch (PersistenceException e) {
            throw Exceptions.translate("Deleting document content", e);
        }
    }

    private void requireSame(EntityManager em, ContentEntity existing, InputStream content, long length) {
        if (existing.sizeBytes != length) {
            throw new ConflictException("Different content is already stored for this document");
        }
        Integer count = existing.chunkCount;
        if (count == null) {
            if (!Arrays.equals(existing.content, readChunk(content, (int) length))) {
                throw new ConflictException("Different content is already stored for this document");
            }
            return;
        }
        for (int seq = 0; seq < count; seq++) {
            byte[] given = readChunk(content, chunkLength(length, seq));
            if (!Arrays.equals(chunk(em, existing.key, seq), given)) {
                throw new ConflictException("Different content is already stored for this document");
            }
        }
    }

    private int chunkLength(long length, int seq) {
        return (int) Math.min(chunkBytes, length - (long) seq * chunkBytes);
    }

    private static byte[] readChunk(InputStream content, int length) {
        try {
            byte[] bytes = content.readNBytes(length);
            if (bytes.length != length) {
                throw new TemporaryFailureException("Document content was shorter than its declared length");
            }
            return bytes;
        } catch (IOException e) {
            throw new TemporaryFailureException("Reading document content failed", e);
        }
    }

    private static byte[] chunk(EntityManager em, DocumentKey key, int seq) {
        ContentChunkEntity chunk = em.find(ContentChunkEntity.class, new ContentChunkEntity.Key(key, seq));
        if (chunk == null) {
            throw new NotFoundException("document content");
        }
        em.detach(chunk);
        return chunk.bytes;
    }

    private static byte[] readAll(EntityManager em, DocumentKey key, int count, byte[] first) {
        var all = new java.io.ByteArrayOutputStream();
        all.writeBytes(first);
        for (int seq = 1; seq < count; seq++) {
            all.writeBytes(chunk(em, key, seq));
        }
        return all.toByteArray();
    }

    private EntityManager em() {
        return entityManagers.currentEntityManager();
    }

    /** A document's content, one chunk in memory at a time; the next loads when the reader gets to it. */
    private final class ChunkStream extends InputStream {
        private final DocumentKey key;
        private final int count;
        private long remaining;
        private final TransactionRunner runner;
        private byte[] current;
        private int position;
        private int next = 1;

        ChunkStream(DocumentKey key, int count, long size, byte[] first, TransactionRunner runner) {
            this.key = key;
            this.count = count;
            this.remaining = size;
            this.current = first;
            this.runner = runner;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            remaining--;
            return current[position++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            remaining -= n;
            return n;
        }

        @Override
        public int available() {
            return current.length - position;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = 0;
            while (skipped < n && fill()) {
                int step = (int) Math.min(n - skipped, current.length - position);
                position += step;
                remaining -= step;
                skipped += step;
            }
            return skipped;
        }

        @Override
        public void close() {
            current = new byte[0];
            position = 0;
            next = count;
        }

        /** Makes bytes available in {@code current}; false at the end. */
        private boolean fill() throws IOException {
            while (position == current.length) {
                if (next >= count) {
                    if (remaining != 0) {
                        throw new IOException("Document content ended " + remaining + " bytes early");
                    }
                    return false;
                }
                int seq = next++;
                try {
                    current = runner.inTransaction(() -> chunk(em(), key, seq));
                } catch (PortalException | PersistenceException e) {
                    throw new IOException("Loading chunk " + seq + " of a document's content failed", e);
                }
                position = 0;
            }
            return true;
        }
    }
}
