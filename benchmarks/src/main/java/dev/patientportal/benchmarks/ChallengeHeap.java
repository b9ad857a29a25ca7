package dev.patientportal.benchmarks;

import dev.patientportal.auth.Factor;
import dev.patientportal.auth.spi.ChallengeRecord;
import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.StoredCode;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PseudonymKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Retained heap per pending challenge in the default in-memory store ({@link ChallengeStore#inMemory(Duration, long)}
 * with room for all of them), measured as the JVM's used heap after full collections, before and after the store is
 * filled, divided by the number of challenges; the store is then read once so it stays reachable. The challenges have
 * the shapes login gives them: a 128-bit id in 22 URL-safe characters, the identity and destination as 43-character
 * pseudonyms ({@link PseudonymKey}), an SMS code's 32-byte HMAC, instants with nanoseconds, one institution, a patient
 * id each ({@code patient}) or none ({@code decoy}). Nothing else is kept while it runs.
 *
 * <pre>{@code java -Xmx2g -cp ... dev.patientportal.benchmarks.ChallengeHeap [challenges, default 1000000]}</pre>
 */
public final class ChallengeHeap {
    private ChallengeHeap() {}

    /**
     * Measures a store of patients' challenges and one of decoys.
     *
     * @param args how many challenges (default 1,000,000)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        measure("patient", n, false);
        measure("decoy", n, true);
    }

    private static void measure(String kind, int n, boolean decoy) {
        PseudonymKey pseudonyms = PseudonymKey.random("bench");
        InstitutionId clinic = InstitutionId.of("bench-clinic");
        SecureRandom random = new SecureRandom();
        Instant base = Instant.now();
        long before = usedAfterGc();
        ChallengeStore store = ChallengeStore.inMemory(Duration.ofHours(1), n);
        String firstId = null;
        for (int i = 0; i < n; i++) {
            byte[] idBytes = new byte[16];
            random.nextBytes(idBytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes);
            if (firstId == null) {
                firstId = id;
            }
            byte[] mac = new byte[32];
            random.nextBytes(mac);
            Instant now = base.plusNanos(random.nextInt(1_000_000_000));
            Map<Factor, StoredCode> codes = new EnumMap<>(Factor.class);
            codes.put(
                    Factor.SMS,
                    new StoredCode(
                            "bench-key",
                            mac,
                            1,
                            now.plus(Duration.ofMinutes(5)),
                            false,
                            pseudonyms.pseudonym("destination", "+3620" + (1_000_000 + i))));
            store.insert(new ChallengeRecord(
                    id,
                    clinic,
                    decoy ? null : PatientId.of("p-" + (1_000_000 + i)),
                    decoy ? 0 : 3,
                    pseudonyms.pseudonym("identity", "TAJ_AND_PHONE", Integer.toString(i)),
                    codes,
                    5,
                    0,
                    now,
                    now.plus(Duration.ofMinutes(10)),
                    now.plus(Duration.ofSeconds(60)),
                    false));
        }
        long after = usedAfterGc();
        if (store.find(firstId).isEmpty()) {
            throw new IllegalStateException("the store forgot a challenge");
        }
        double perChallenge = (after - before) / (double) n;
        System.out.println(String.format(
                Locale.ROOT,
                "[heap] %-7s %,d pending challenges: %,.0f MB retained, %.0f bytes each (used heap after GC)",
                kind,
                n,
                (after - before) / 1e6,
                perChallenge));
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
