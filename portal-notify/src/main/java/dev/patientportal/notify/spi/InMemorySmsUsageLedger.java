package dev.patientportal.notify.spi;

import dev.patientportal.core.InstitutionId;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory {@link SmsUsageLedger} behind {@link SmsUsageLedger#inMemory()};
 * {@link ConcurrentHashMap#compute} makes check-and-record atomic.
 */
final class InMemorySmsUsageLedger implements SmsUsageLedger {
    private record Key(InstitutionId institution, YearMonth month) {}

    private final Map<Key, SmsUsage> totals = new ConcurrentHashMap<>();

    @Override
    public boolean tryReserve(
            InstitutionId institution, YearMonth month, int segments, BigDecimal cost, @Nullable BigDecimal budget) {
        checkAmounts(segments, cost);
        boolean[] recorded = {false};
        totals.compute(key(institution, month), (k, current) -> {
            SmsUsage used = current == null ? SmsUsage.NONE : current;
            BigDecimal after = used.cost().add(cost);
            if (budget != null && after.compareTo(budget) > 0) {
                return current;
            }
            recorded[0] = true;
            return new SmsUsage(used.messages() + 1, used.segments() + segments, after);
        });
        return recorded[0];
    }

    @Override
    public void release(InstitutionId institution, YearMonth month, int segments, BigDecimal cost) {
        checkAmounts(segments, cost);
        totals.computeIfPresent(
                key(institution, month),
                (k, used) -> new SmsUsage(
                        Math.max(0, used.messages() - 1),
                        Math.max(0, used.segments() - segments),
                        used.cost().subtract(cost).max(BigDecimal.ZERO)));
    }

    @Override
    public SmsUsage usage(InstitutionId institution, YearMonth month) {
        return totals.getOrDefault(key(institution, month), SmsUsage.NONE);
    }

    private static Key key(InstitutionId institution, YearMonth month) {
        return new Key(Objects.requireNonNull(institution, "institution"), Objects.requireNonNull(month, "month"));
    }

    private static void checkAmounts(int segments, BigDecimal cost) {
        Objects.requireNonNull(cost, "cost");
        if (segments < 1 || cost.signum() < 0) {
            throw new IllegalArgumentException("segments must be at least 1 and cost not negative");
        }
    }
}
