package dev.patientportal.jpa.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The figures of one fault case, as {@code docs/reliability.md} reports them: printed to the test output and appended
 * to {@code target/fault-figures.md}, one table row per run.
 *
 * @param name the case
 * @param messages notifications submitted
 * @param delivered notifications that reached every channel they needed
 * @param parked notifications parked for staff
 * @param duplicates acceptances beyond the first, summed over notifications and channels
 * @param recovery from the end of the fault to the first successful delivery
 * @param lease the dispatchers' lease
 * @param took the whole case, set-up excluded
 * @param cpu the CPU time the test JVM used meanwhile, on all its threads
 * @param notes what else was measured, free text
 */
record Figures(
        String name,
        int messages,
        int delivered,
        int parked,
        int duplicates,
        String recovery,
        Duration lease,
        Duration took,
        Duration cpu,
        String notes) {
    static final String HEADER = "| case | messages | delivered | parked | duplicates | recovery | lease | took (CPU)"
            + " | notes |\n|---|---:|---:|---:|---:|---|---|---|---|\n";

    /** Prints the row and appends it to the figures file. */
    void report() {
        String row = String.format(
                Locale.ROOT,
                "| %s | %d | %d | %d | %d | %s | %s | %s (%s) | %s |%n",
                name,
                messages,
                delivered,
                parked,
                duplicates,
                recovery,
                seconds(lease),
                seconds(took),
                seconds(cpu),
                notes);
        System.out.print("[fault figures] " + row);
        Path file = FaultEnvironment.figuresFile();
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.writeString(file, HEADER, StandardCharsets.UTF_8);
            }
            Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CPU time this JVM has used so far, on all its threads. */
    static Duration processCpu() {
        return Duration.ofNanos(
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime());
    }

    /** {@code 1.234 s}. */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }

    /** {@code 1.234 s} from one instant to another. */
    static String seconds(Instant from, Instant to) {
        return seconds(Duration.between(from, to));
    }
}
