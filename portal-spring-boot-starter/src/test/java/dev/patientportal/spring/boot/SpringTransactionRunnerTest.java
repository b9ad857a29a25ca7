package dev.patientportal.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.ConflictException;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.spring.boot.internal.SpringTransactionRunner;
import dev.patientportal.tck.TransactionRunnerContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The starter's runner over Spring transactions passes the test kit's runner contract on H2: commit, rollback,
 * joining ({@code REQUIRED}), independent units ({@code REQUIRES_NEW}) and parallel threads; and reports a refused
 * commit in core's terms while the work's own exceptions pass unchanged.
 */
@DisplayName("SpringTransactionRunner passes the TransactionRunner contract")
class SpringTransactionRunnerTest extends TransactionRunnerContract {
    private static DriverManagerDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static SpringTransactionRunner runner;

    @BeforeAll
    static void database() {
        dataSource = new DriverManagerDataSource(TestHost.h2Url() + ";LOCK_TIMEOUT=2000", "sa", "");
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE marker (id VARCHAR(60) PRIMARY KEY)");
        runner = new SpringTransactionRunner(new DataSourceTransactionManager(dataSource));
    }

    @AfterAll
    static void shutdown() {
        jdbc.execute("SHUTDOWN");
    }

    @Override
    protected TransactionRunner subject() {
        return runner;
    }

    @Override
    protected void writeMarker(String marker) {
        jdbc.update("INSERT INTO marker (id) VALUES (?)", marker); // on the connection of the current transaction
    }

    @Override
    protected boolean isCommitted(String marker) {
        return new JdbcTemplate(new DriverManagerDataSource(dataSource.getUrl(), "sa", ""))
                        .queryForObject("SELECT COUNT(*) FROM marker WHERE id = ?", Integer.class, marker)
                > 0;
    }

    @Test
    @DisplayName("a commit Spring refuses (the unit was marked rollback-only) is core's TemporaryFailureException")
    void refusedCommitIsATemporaryFailure() {
        jdbc.execute("CREATE TABLE deferred_check (id INT PRIMARY KEY)");
        runner.useTransaction(() -> jdbc.update("INSERT INTO deferred_check (id) VALUES (1)"));
        // the work returns normally and the failure comes from Spring: a participating unit marked rollback-only
        assertThatThrownBy(() -> runner.useTransaction(() -> {
                    try {
                        runner.useTransaction(() -> jdbc.update("INSERT INTO deferred_check (id) VALUES (1)"));
                    } catch (RuntimeException duplicate) {
                        assertThat(duplicate).isNotInstanceOf(ConflictException.class); // the work's own, unchanged
                    }
                }))
                .isInstanceOf(dev.patientportal.core.TemporaryFailureException.class)
                .hasCauseInstanceOf(org.springframework.transaction.UnexpectedRollbackException.class);
    }
}
