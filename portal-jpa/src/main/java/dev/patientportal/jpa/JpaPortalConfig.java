package dev.patientportal.jpa;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.DocumentPolicy;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.core.ReservationPolicy;
import dev.patientportal.core.spi.ContentStore;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.PortalEventListener;
import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.core.spi.ReservationVeto;
import dev.patientportal.core.spi.SchedulingGateway;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.notify.InstitutionSettings;
import dev.patientportal.notify.NotificationPolicy;
import dev.patientportal.notify.Templates;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.Institutions;
import dev.patientportal.notify.spi.PushChannel;
import dev.patientportal.notify.spi.SmsChannel;
import jakarta.persistence.EntityManagerFactory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link JpaPortal.Builder} collects, with the defaults, and the check that lists every missing or conflicting
 * setting at once. {@link JpaPortalWiring} builds the parts from a configuration that passed. Not thread-safe.
 */
final class JpaPortalConfig {
    @Nullable
    DataSource dataSource;

    boolean migrate = true;
    final Map<String, Object> jpaProperties = new LinkedHashMap<>();

    @Nullable
    EntityManagerFactory entityManagerFactory;

    @Nullable
    TransactionRunner hostTransactions;

    @Nullable
    EntityManagerProvider hostEntityManagers;

    @Nullable
    PatientDirectory patientDirectory;

    @Nullable
    SchedulingGateway scheduling;

    final Map<InstitutionId, InstitutionSettings> institutionMap = new LinkedHashMap<>();

    @Nullable
    Institutions institutions;

    @Nullable
    EmailChannel email;

    @Nullable
    SmsChannel sms;

    @Nullable
    PushChannel push;

    @Nullable
    CodeKeyring keys;

    @Nullable
    PseudonymKey pseudonymKey;

    @Nullable
    AuditChainSettings auditChain;

    boolean singleNode;
    Clock clock = Clock.systemUTC();

    @Nullable
    ContentStore contentStore;

    final List<PortalEventListener> listeners = new ArrayList<>();

    PortalMetricsListener metrics = PortalMetricsListener.none();

    @Nullable
    ReservationPolicy reservationPolicy;

    @Nullable
    DocumentPolicy documentPolicy;

    @Nullable
    ReservationVeto reservationVeto;

    @Nullable
    AuthSettings authSettings;

    @Nullable
    Templates templates;

    @Nullable
    NotificationPolicy notificationPolicy;

    @Nullable
    BigDecimal smsPricePerSegment;

    boolean smsTransliteration;

    @Nullable
    Executor codeDelivery;

    @Nullable
    Consumer<OutboxDispatcher.Builder> dispatcherSettings;

    @Nullable
    Duration housekeepingInterval = Duration.ofHours(1);

    @Nullable
    Period auditRetention;

    final Map<InstitutionId, Period> auditRetentions = new LinkedHashMap<>();

    boolean deferStart;

    /**
     * Lists what keeps this configuration from being wired.
     *
     * @return every missing or conflicting setting, in the order of the builder's documentation; empty when complete
     */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        int databases = (dataSource != null ? 1 : 0)
                + (entityManagerFactory != null ? 1 : 0)
                + (hostTransactions != null ? 1 : 0);
        if (databases != 1) {
            problems.add("give exactly one of dataSource(DataSource), entityManagerFactory(EntityManagerFactory)"
                    + " or transactions(TransactionRunner, EntityManagerProvider)");
        }
        if (!migrate && dataSource == null) {
            problems.add("migrate(false) applies to dataSource(DataSource) only");
        }
        if (!jpaProperties.isEmpty() && dataSource == null) {
            problems.add("jpaProperty(..) applies to dataSource(DataSource) only");
        }
        if (dataSource != null && migrate && !flywayPresent()) {
            problems.add("dataSource(DataSource) applies the portal's migrations with Flyway: add"
                    + " org.flywaydb:flyway-core (and flyway-database-postgresql or flyway-mysql), or call"
                    + " migrate(false) and apply them yourself");
        }
        if (patientDirectory == null) {
            problems.add("patientDirectory(PatientDirectory) is required");
        }
        if (scheduling == null) {
            problems.add("scheduling(SchedulingGateway) is required");
        }
        if (institutionMap.isEmpty() == (institutions == null)) {
            problems.add(
                    "give either institution(id, settings) or institutions(Institutions), exactly one of" + " them");
        }
        if (email == null) {
            problems.add("email(EmailChannel) is required: every notification goes by e-mail, and the e-mail +"
                    + " phone login sends an e-mail code");
        }
        if (sms == null) {
            problems.add("sms(SmsChannel) is required: both login methods send an SMS code");
        }
        CodeKeyring ring = keys;
        if (ring == null) {
            problems.add("keys(CodeKeyring) is required, the same on every node:"
                    + " CodeKeyring.fromEnvironment(\"PORTAL_CODE_KEYS\") or CodeKeyring.parse(configuredText)");
        } else if (ring.hasRandomKey() && !singleNode) {
            problems.add("keys(CodeKeyring) holds a random key of this process, but the stores are in a database"
                    + " that other nodes may share, and nodes with different keys reject each other's codes:"
                    + " give every node the same keys (CodeKeyring.fromEnvironment(\"PORTAL_CODE_KEYS\")), or call"
                    + " singleNode() if this host runs one node only");
        }
        PseudonymKey pseudonyms = pseudonymKey;
        if ((pseudonyms == null || pseudonyms.isRandom()) && !singleNode) {
            problems.add("pseudonymKey(PseudonymKey) is " + (pseudonyms == null ? "not given" : "random")
                    + ", but the stores are in a database that other nodes may share, and nodes with different"
                    + " pseudonym keys count lockouts and send limits apart and do not find each other's grants:"
                    + " give every node the same key (PseudonymKey.fromEnvironment(\"PORTAL_PSEUDONYM_KEY\")), or"
                    + " call singleNode() if this host runs one node only");
        }
        AuditChainSettings chain = auditChain;
        if (chain != null && chain.keys().current().isRandom() && !singleNode) {
            problems.add("auditChain(AuditChainSettings) links under a random audit key of this process, but the audit"
                    + " is in a database that outlives it and other nodes may share: no node could verify the chain"
                    + " after a restart; give every node the same audit keys (AuditKey.fromBase64(id,"
                    + " System.getenv(\"PORTAL_AUDIT_KEY\"))), or call singleNode() for a demo");
        }
        Period keep = auditRetention;
        if (keep != null && (keep.isZero() || keep.isNegative())) {
            problems.add("auditRetention(Period) must be positive");
        }
        auditRetentions.forEach((institution, period) -> {
            if (period.isZero() || period.isNegative()) {
                problems.add("auditRetention(" + institution.value() + ", Period) must be positive");
            }
        });
        Duration every = housekeepingInterval;
        if (every != null && (every.isNegative() || every.isZero())) {
            problems.add("housekeepingInterval(Duration) must be positive, or null for no schedule");
        }
        return problems;
    }

    private static boolean flywayPresent() {
        try {
            Class.forName("org.flywaydb.core.Flyway", false, JpaPortalConfig.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
