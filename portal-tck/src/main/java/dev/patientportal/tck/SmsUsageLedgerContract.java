package dev.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.notify.spi.SmsUsage;
import dev.patientportal.notify.spi.SmsUsageLedger;
import dev.patientportal.testkit.Race;
import java.math.BigDecimal;
import java.time.YearMonth;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SmsUsageLedger} must do: add messages, segments and cost per institution and month, refuse a
 * reservation that would exceed the budget without recording it, give a released reservation back, and check the
 * budget atomically: many threads reserving against one budget never overspend it. Each call runs in a unit of work of
 * its own, as the notifier runs them.
 */
public abstract class SmsUsageLedgerContract extends SpiContract<SmsUsageLedger> {
    private static final YearMonth MONTH = YearMonth.of(2026, 11);
    private static final BigDecimal PRICE = new BigDecimal("0.05");

    private final InstitutionId clinic = Fresh.institution();

    /** For subclasses. */
    protected SmsUsageLedgerContract() {}

    /**
     * How many threads the concurrency test uses; a database with few connections may lower it.
     *
     * @return the thread count, 8 by default
     */
    protected int threads() {
        return 8;
    }

    private SmsUsageLedger ledger() {
        return underTest();
    }

    private boolean reserve(InstitutionId institution, YearMonth month, int segments, @Nullable BigDecimal budget) {
        return inUnitOfWork(() -> ledger().tryReserve(
                        institution, month, segments, PRICE.multiply(BigDecimal.valueOf(segments)), budget));
    }

    private SmsUsage usage(InstitutionId institution, YearMonth month) {
        return inUnitOfWork(() -> ledger().usage(institution, month));
    }

    private static void assertUsage(SmsUsage usage, long messages, long segments, String cost) {
        assertThat(usage.messages()).isEqualTo(messages);
        assertThat(usage.segments()).isEqualTo(segments);
        assertThat(usage.cost()).isEqualByComparingTo(cost);
    }

    @Nested
    @DisplayName("usage")
    class Usage {
        @Test
        @DisplayName("a month without SMS has no usage")
        void a_month_without_sms_has_no_usage() {
            assertUsage(usage(clinic, MONTH), 0, 0, "0");
        }

        @Test
        @DisplayName("reservations add up messages, segments and cost")
        void reservations_add_messages_segments_and_cost() {
            assertThat(reserve(clinic, MONTH, 1, null)).isTrue();
            assertThat(reserve(clinic, MONTH, 3, null)).isTrue();

            assertUsage(usage(clinic, MONTH), 2, 4, "0.20");
        }

        @Test
        @DisplayName("months and institutions are counted apart")
        void months_and_institutions_are_counted_apart() {
            InstitutionId other = Fresh.institution();
            reserve(clinic, MONTH, 2, null);
            reserve(clinic, MONTH.plusMonths(1), 1, null);
            reserve(other, MONTH, 5, null);

            assertUsage(usage(clinic, MONTH), 1, 2, "0.10");
            assertUsage(usage(clinic, MONTH.plusMonths(1)), 1, 1, "0.05");
            assertUsage(usage(other, MONTH), 1, 5, "0.25");
        }
    }

    @Nested
    @DisplayName("budget")
    class Budget {
        @Test
        @DisplayName(
                "a reservation that would exceed the budget is refused and records nothing; reaching it exactly is "
                        + "allowed")
        void a_reservation_that_would_exceed_the_budget_is_refused_and_records_nothing() {
            BigDecimal budget = new BigDecimal("0.20");
            assertThat(reserve(clinic, MONTH, 3, budget)).isTrue();
            assertThat(reserve(clinic, MONTH, 2, budget)).isFalse();
            assertThat(reserve(clinic, MONTH, 1, budget)).isTrue(); // exactly reaching the budget is allowed
            assertThat(reserve(clinic, MONTH, 1, budget)).isFalse();

            assertUsage(usage(clinic, MONTH), 2, 4, "0.20");
        }

        @Test
        @DisplayName("a zero budget refuses everything, and no budget refuses nothing")
        void a_zero_budget_refuses_everything_and_no_budget_refuses_nothing() {
            assertThat(reserve(clinic, MONTH, 1, BigDecimal.ZERO)).isFalse();
            assertThat(reserve(clinic, MONTH, 100, null)).isTrue();

            assertUsage(usage(clinic, MONTH), 1, 100, "5.00");
        }

        @Test
        @DisplayName("a release gives a reservation back, budget included")
        void a_release_gives_a_reservation_back() {
            BigDecimal budget = new BigDecimal("0.10");
            assertThat(reserve(clinic, MONTH, 2, budget)).isTrue();
            inUnitOfWork(() -> ledger().release(clinic, MONTH, 2, new BigDecimal("0.10")));

            assertUsage(usage(clinic, MONTH), 0, 0, "0");
            assertThat(reserve(clinic, MONTH, 2, budget)).isTrue();
        }
    }

    @Nested
    @DisplayName("concurrency")
    class Concurrency {
        @Test
        @DisplayName("threads reserving 10 times each against a budget for 20 messages never overspend it")
        void concurrent_reservations_never_overspend_the_budget() {
            int threads = threads();
            int attemptsPerThread = 10;
            BigDecimal budget = new BigDecimal("1.00"); // room for exactly 20 messages of one segment

            int total = Fresh.resultsOf(Race.run(threads, t -> () -> {
                        int mine = 0;
                        for (int i = 0; i < attemptsPerThread; i++) {
                            if (reserve(clinic, MONTH, 1, budget)) {
                                mine++;
                            }
                        }
                        return mine;
                    }))
                    .stream()
                    .mapToInt(Integer::intValue)
                    .sum();

            assertThat(total).isEqualTo(Math.min(20, threads * attemptsPerThread));
            SmsUsage usage = usage(clinic, MONTH);
            assertThat(usage.cost()).isLessThanOrEqualTo(budget);
            assertUsage(usage, 20, 20, "1.00");
        }
    }
}
