package dev.patientportal.notify.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.notify.spi.SmsUsage;
import dev.patientportal.notify.spi.SmsUsageLedger;
import dev.patientportal.testkit.contract.ContractSupport;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SmsUsageLedger} must do, including the atomic budget check: many threads reserving against one
 * budget never overspend it. Extend it and implement {@link #createLedger()}; override {@link #transactions()} when the
 * ledger needs a unit of work (each call then runs in its own, as the notifier runs them).
 */
public abstract class SmsUsageLedgerContract extends ContractSupport {
    /** The ledger under test, created for each test. */
    protected SmsUsageLedger ledger;

    /** For subclasses. */
    protected SmsUsageLedgerContract() {}

    /**
     * Creates the ledger under test; called before each test.
     *
     * @return the ledger
     */
    protected abstract SmsUsageLedger createLedger();

    /**
     * How many threads the concurrency test uses; a database with few connections may lower it.
     *
     * @return the thread count
     */
    protected int threads() {
        return 8;
    }

    @BeforeEach
    final void createLedgerUnderTest() {
        ledger = createLedger();
    }

    private final InstitutionId clinic = newInstitution();
    private static final YearMonth MONTH = YearMonth.of(2026, 11);
    private static final BigDecimal PRICE = new BigDecimal("0.05");

    private boolean reserve(InstitutionId institution, YearMonth month, int segments, @Nullable BigDecimal budget) {
        return inTx(() -> ledger.tryReserve(institution, month, segments,
                PRICE.multiply(BigDecimal.valueOf(segments)), budget));
    }

    private SmsUsage usage(InstitutionId institution, YearMonth month) {
        return inTx(() -> ledger.usage(institution, month));
    }

    private static void assertUsage(SmsUsage usage, long messages, long segments, String cost) {
        assertThat(usage.messages()).isEqualTo(messages);
        assertThat(usage.segments()).isEqualTo(segments);
        assertThat(usage.cost()).isEqualByComparingTo(cost);
    }

    @Test
    void a_month_without_sms_has_no_usage() {
        assertUsage(usage(clinic, MONTH), 0, 0, "0");
    }

    @Test
    void reservations_add_messages_segments_and_cost() {
        assertThat(reserve(clinic, MONTH, 1, null)).isTrue();
        assertThat(reserve(clinic, MONTH, 3, null)).isTrue();

        assertUsage(usage(clinic, MONTH), 2, 4, "0.20");
    }

    @Test
    void months_and_institutions_are_counted_apart() {
        InstitutionId other = newInstitution();
        reserve(clinic, MONTH, 2, null);
        reserve(clinic, MONTH.plusMonths(1), 1, null);
        reserve(other, MONTH, 5, null);

        assertUsage(usage(clinic, MONTH), 1, 2, "0.10");
        assertUsage(usage(clinic, MONTH.plusMonths(1)), 1, 1, "0.05");
        assertUsage(usage(other, MONTH), 1, 5, "0.25");
    }

    @Test
    void a_reservation_that_would_exceed_the_budget_is_refused_and_records_nothing() {
        BigDecimal budget = new BigDecimal("0.20");
        assertThat(reserve(clinic, MONTH, 3, budget)).isTrue();
        assertThat(reserve(clinic, MONTH, 2, budget)).isFalse();
        assertThat(reserve(clinic, MONTH, 1, budget)).isTrue(); // exactly reaching the budget is allowed
        assertThat(reserve(clinic, MONTH, 1, budget)).isFalse();

        assertUsage(usage(clinic, MONTH), 2, 4, "0.20");
    }

    @Test
    void a_zero_budget_refuses_everything_and_no_budget_refuses_nothing() {
        assertThat(reserve(clinic, MONTH, 1, BigDecimal.ZERO)).isFalse();
        assertThat(reserve(clinic, MONTH, 100, null)).isTrue();

        assertUsage(usage(clinic, MONTH), 1, 100, "5.00");
    }

    @Test
    void a_release_gives_a_reservation_back() {
        BigDecimal budget = new BigDecimal("0.10");
        assertThat(reserve(clinic, MONTH, 2, budget)).isTrue();
        doInTx(() -> ledger.release(clinic, MONTH, 2, new BigDecimal("0.10")));

        assertUsage(usage(clinic, MONTH), 0, 0, "0");
        assertThat(reserve(clinic, MONTH, 2, budget)).isTrue();
    }

    @Test
    void concurrent_reservations_never_overspend_the_budget() throws Exception {
        int threads = threads();
        int attemptsPerThread = 10;
        BigDecimal budget = new BigDecimal("1.00"); // room for exactly 20 messages of one segment
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> granted = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                granted.add(pool.submit(() -> {
                    start.await();
                    int mine = 0;
                    for (int i = 0; i < attemptsPerThread; i++) {
                        if (reserve(clinic, MONTH, 1, budget)) {
                            mine++;
                        }
                    }
                    return mine;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : granted) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(Math.min(20, threads * attemptsPerThread));
        } finally {
            pool.shutdownNow();
        }
        SmsUsage usage = usage(clinic, MONTH);
        assertThat(usage.cost()).isLessThanOrEqualTo(budget);
        assertUsage(usage, 20, 20, "1.00");
    }
}
