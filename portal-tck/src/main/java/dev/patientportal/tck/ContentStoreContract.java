package dev.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.DocumentId;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.spi.ContentStore;
import dev.patientportal.testkit.Race;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContentStore} must do: give back exactly the bytes written, per institution and document, answer
 * {@link NotFoundException} for content it does not hold, leave the caller's stream open, and accept a repeated write.
 */
public abstract class ContentStoreContract extends SpiContract<ContentStore> {
    private final InstitutionId institution = Fresh.institution();

    /** For subclasses. */
    protected ContentStoreContract() {}

    /**
     * Tells whether the store implements {@link ContentStore#delete}; the SPI's default does nothing.
     *
     * @return {@code true} (the default) to run the delete tests
     */
    protected boolean supportsDelete() {
        return true;
    }

    private ContentStore store() {
        return underTest();
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private void write(InstitutionId inst, DocumentId id, byte[] bytes) {
        inUnitOfWork(() -> store().write(inst, id, new ByteArrayInputStream(bytes), bytes.length));
    }

    private byte[] read(InstitutionId inst, DocumentId id) {
        return inUnitOfWork(() -> {
            try (InputStream in = store().read(inst, id)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Nested
    @DisplayName("writes and reads")
    class WritesAndReads {
        @Test
        @DisplayName("read gives back exactly the bytes written, for a small and a 1 MiB content")
        void write_thenRead_returnsSameBytes() {
            DocumentId small = DocumentId.random();
            DocumentId large = DocumentId.random();
            byte[] smallBytes = {0, 1, 2, (byte) 0xff, '%', 'P', 'D', 'F'};
            byte[] largeBytes = randomBytes(1024 * 1024, 42);
            write(institution, small, smallBytes);
            write(institution, large, largeBytes);

            assertThat(read(institution, small)).isEqualTo(smallBytes);
            assertThat(read(institution, large)).isEqualTo(largeBytes);
        }

        @Test
        @DisplayName("reading content that was never written is not found")
        void read_missing_notFound() {
            assertThatThrownBy(() -> read(institution, DocumentId.random())).isInstanceOf(NotFoundException.class);
        }

        @Test
        @DisplayName("content is kept per institution: the same document id in another institution is not found")
        void read_otherInstitution_notFound() {
            DocumentId id = DocumentId.random();
            write(institution, id, new byte[] {1, 2, 3});

            assertThatThrownBy(() -> read(Fresh.institution(), id)).isInstanceOf(NotFoundException.class);
        }

        @Test
        @DisplayName("write reads the stream to the end and leaves it open")
        void write_doesNotCloseStream() {
            AtomicBoolean closed = new AtomicBoolean();
            byte[] bytes = randomBytes(10_000, 7);
            InputStream in = new ByteArrayInputStream(bytes) {
                @Override
                public void close() throws IOException {
                    closed.set(true);
                    super.close();
                }
            };
            DocumentId id = DocumentId.random();

            inUnitOfWork(() -> store().write(institution, id, in, bytes.length));

            assertThat(closed).isFalse();
            assertThat(read(institution, id)).isEqualTo(bytes);
        }

        @Test
        @DisplayName("writing the same content for the same document twice is harmless")
        void write_twice_isIdempotent() {
            DocumentId id = DocumentId.random();
            byte[] bytes = randomBytes(2048, 3);
            write(institution, id, bytes);
            write(institution, id, bytes);

            assertThat(read(institution, id)).isEqualTo(bytes);
        }
    }

    @Nested
    @DisplayName("deletes")
    class Deletes {
        @Test
        @DisplayName("delete removes content, and deleting missing content does nothing")
        void delete_removesContent() {
            Assumptions.assumeTrue(supportsDelete(), "the store keeps content for good");
            DocumentId id = DocumentId.random();
            DocumentId kept = DocumentId.random();
            write(institution, id, new byte[] {9});
            write(institution, kept, new byte[] {8});

            inUnitOfWork(() -> store().delete(institution, id));
            inUnitOfWork(() -> store().delete(institution, DocumentId.random()));

            assertThatThrownBy(() -> read(institution, id)).isInstanceOf(NotFoundException.class);
            assertThat(read(institution, kept)).containsExactly(8);
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("20 threads writing different documents at once: each reads back its own bytes")
        void write_concurrently_keepsEachContent() {
            List<DocumentId> ids = Stream.generate(DocumentId::random).limit(20).toList();

            List<Race.Outcome<Void>> outcomes = Race.run(20, i -> () -> {
                write(institution, ids.get(i), randomBytes(4096 + i, i));
                return null;
            });

            Fresh.assertAllSucceeded(outcomes);
            for (int i = 0; i < 20; i++) {
                assertThat(read(institution, ids.get(i))).isEqualTo(randomBytes(4096 + i, i));
            }
        }
    }
}
