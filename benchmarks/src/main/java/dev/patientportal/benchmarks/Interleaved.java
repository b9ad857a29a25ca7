package dev.patientportal.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Measures several arms in one JVM, interleaved: blocks of {@code block} calls of one arm, the arms in a random order
 * each round, every call timed on its own (a per-call preparation, when an arm has one, runs outside the timing). On a
 * machine whose load drifts (other builds on the same two cores), JMH's one-benchmark-after-another puts the drift into
 * the ratio; interleaving gives every arm the same load, so the ratio of medians holds where the absolute figures do
 * not. Prints each arm's median, 90th percentile and mean, and its median over its baseline's.
 */
final class Interleaved {
    /** Per-call preparation, outside the timing. */
    interface Prepare {
        @Nullable
        Object prepare() throws Exception;
    }

    /** The timed call; gets what {@link Prepare} made. */
    interface Call {
        @Nullable
        Object call(@Nullable Object prepared) throws Exception;
    }

    /**
     * One arm.
     *
     * @param name its name
     * @param baseline the arm its ratio is taken against, or {@code null}
     * @param prepare per-call preparation, or {@code null}
     * @param call the timed call
     */
    record Arm(
            String name,
            @Nullable String baseline,
            @Nullable Prepare prepare,
            Call call) {
        static Arm of(String name, @Nullable String baseline, Call call) {
            return new Arm(name, baseline, null, call);
        }
    }

    /** Keeps the last result reachable, so no call is optimised away. */
    @SuppressWarnings("unused")
    private static volatile @Nullable Object consumed;

    private Interleaved() {}

    /**
     * Runs the arms: a tenth of {@code seconds} (at least 5 s; none for 5 s or less) of warm-up, then {@code seconds}
     * of measurement.
     *
     * @param title printed first
     * @param seconds measurement time
     * @param block calls per block
     * @param arms the arms
     * @return each arm's median in microseconds, by name
     * @throws Exception when a call fails
     */
    static Map<String, Double> run(String title, long seconds, int block, List<Arm> arms) throws Exception {
        int k = arms.size();
        long[][] samples = new long[k][1 << 12];
        int[] counts = new int[k];
        int skipped = Math.min(2, block / 10);
        Random order = new Random(42);
        // A smoke run (a few seconds) measures at once.
        long warmUpEnd = System.nanoTime() + (seconds <= 5 ? 0 : Math.max(5, seconds / 10)) * 1_000_000_000L;
        long end = warmUpEnd + seconds * 1_000_000_000L;
        int[] perm = new int[k];
        Arrays.setAll(perm, i -> i);
        Object sink = null;
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
            boolean measuring = now >= warmUpEnd;
            for (int j = k - 1; j > 0; j--) {
                int r = order.nextInt(j + 1);
                int t = perm[j];
                perm[j] = perm[r];
                perm[r] = t;
            }
            for (int i : perm) {
                Arm arm = arms.get(i);
                for (int n = 0; n < block; n++) {
                    Object prepared =
                            arm.prepare() == null ? null : arm.prepare().prepare();
                    long t0 = System.nanoTime();
                    sink = arm.call().call(prepared);
                    long took = System.nanoTime() - t0;
                    if (measuring && n >= skipped) {
                        if (counts[i] == samples[i].length) {
                            samples[i] = Arrays.copyOf(samples[i], counts[i] * 2);
                        }
                        samples[i][counts[i]++] = took;
                    }
                }
            }
        }
        consumed = sink;
        Map<String, Double> medians = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            long[] s = Arrays.copyOf(samples[i], counts[i]);
            Arrays.sort(s);
            medians.put(arms.get(i).name(), at(s, 0.5));
        }
        System.out.println("[interleaved] " + title);
        System.out.println(
                "[interleaved]   arm                         calls   median (us)    p90 (us)   mean (us)   vs baseline");
        for (int i = 0; i < k; i++) {
            Arm arm = arms.get(i);
            long[] s = Arrays.copyOf(samples[i], counts[i]);
            Arrays.sort(s);
            double mean = Arrays.stream(s).average().orElse(0) / 1000;
            String ratio = arm.baseline() == null
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            "%.2fx %s",
                            medians.get(arm.name()) / medians.get(arm.baseline()),
                            arm.baseline());
            lines.add(String.format(
                    Locale.ROOT,
                    "[interleaved]   %-26s %7d %13.1f %11.1f %11.1f   %s",
                    arm.name(),
                    s.length,
                    medians.get(arm.name()),
                    at(s, 0.9),
                    mean,
                    ratio));
        }
        lines.forEach(System.out::println);
        return medians;
    }

    private static double at(long[] sorted, double p) {
        return sorted.length == 0
                ? Double.NaN
                : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1000.0;
    }
}
