package dev.patientportal.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.PortalLogin;
import dev.patientportal.core.AuditVerifier;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.JpaPortal;
import dev.patientportal.jpa.OutboxAdmin;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.SmsSegments;
import dev.patientportal.notify.mail.JakartaMailChannel;
import dev.patientportal.notify.mail.SmtpSettings;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.EmailMessage;
import dev.patientportal.notify.spi.PushChannel;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.notify.spi.SmsMessage;
import dev.patientportal.notify.twilio.TwilioSmsChannel;
import dev.patientportal.spring.boot.internal.Channels;
import dev.patientportal.spring.boot.internal.PortalFailureAnalyzer;
import dev.patientportal.spring.boot.internal.PortalLifecycle;
import dev.patientportal.spring.boot.internal.PortalSchemaMigration;
import dev.patientportal.spring.boot.internal.SpringTransactionRunner;
import dev.patientportal.testkit.LocalTwilio;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/** Every condition of the auto-configuration, one context each, on a fresh H2 database. */
class PortalAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataSourceAutoConfiguration.class,
                    HibernateJpaAutoConfiguration.class,
                    TransactionAutoConfiguration.class,
                    FlywayAutoConfiguration.class,
                    PortalAutoConfiguration.class))
            .withUserConfiguration(TestHost.Beans.class)
            .withPropertyValues(TestHost.portalProperties())
            .withPropertyValues(
                    "spring.datasource.url=" + TestHost.h2Url(), "spring.mail.host=127.0.0.1", "spring.mail.port=2525");

    /** The SMS channel most tests give, so that they need no Twilio. */
    @Configuration(proxyBeanMethods = false)
    static class HostSms {
        @Bean
        SmsChannel hostSms() {
            return message -> DeliveryResult.sent("sms-1");
        }
    }

    private static String analysis(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new PortalFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis)
                .as("the portal's analysis of %s", context.getStartupFailure())
                .isNotNull();
        return analysis.getDescription();
    }

    @Test
    @DisplayName("wires every bean on the app's DataSource, JPA and transactions; the host's and the portal's Flyway"
            + " both migrate; the dispatcher runs with the context and stops with it")
    void wiresEverything() {
        AtomicInteger customized = new AtomicInteger();
        runner.withUserConfiguration(HostSms.class)
                .withBean(JpaPortalCustomizer.class, () -> b -> customized.incrementAndGet())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context)
                            .hasSingleBean(JpaPortal.class)
                            .hasSingleBean(PatientPortal.class)
                            .hasSingleBean(PortalLogin.class)
                            .hasSingleBean(OutboxAdmin.class)
                            .hasSingleBean(PortalLifecycle.class)
                            .hasSingleBean(EntityManagerProvider.class)
                            .doesNotHaveBean(AuditVerifier.class);
                    assertThat(context.getBean(TransactionRunner.class)).isInstanceOf(SpringTransactionRunner.class);
                    assertThat(context.getBean(EmailChannel.class)).isInstanceOf(JakartaMailChannel.class);
                    assertThat(context.getBean(PortalSchemaMigration.class).applied())
                            .isPositive();
                    assertThat(customized).hasValue(1);
                    JpaPortal portal = context.getBean(JpaPortal.class);
                    assertThat(portal.isRunning()).isTrue();
                    assertThat(portal.outbox().parkedCount()).isZero();

                    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                    assertThat(jdbc.queryForList(
                                    "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL",
                                    String.class))
                            .as("the host's own migrations")
                            .containsExactly("1");
                    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM host_note", Integer.class))
                            .isZero();
                    assertThat(jdbc.queryForObject(
                                    "SELECT COUNT(*) FROM \"portal_schema_history\" WHERE \"success\"", Integer.class))
                            .as("the portal's, in their own history table")
                            .isGreaterThan(5);
                    context.close();
                    assertThat(portal.isRunning()).isFalse();
                });
    }

    @Test
    @DisplayName("portal.keys.audit links the audit trail and adds the AuditVerifier bean")
    void auditVerifierWithAuditKeys() {
        runner.withUserConfiguration(HostSms.class)
                .withPropertyValues("portal.keys.audit=" + TestHost.AUDIT_KEYS)
                .run(context -> {
                    assertThat(context).hasSingleBean(AuditVerifier.class);
                    assertThat(context.getBean(AuditVerifier.class)
                                    .verify(TestHost.CLINIC)
                                    .isIntact())
                            .isTrue();
                });
    }

    @Test
    @DisplayName("portal.enabled=false wires nothing")
    void disabled() {
        runner.withUserConfiguration(HostSms.class)
                .withPropertyValues("portal.enabled=false")
                .run(context -> {
                    // the host's Flyway still runs, without the portal's scripts
                    assertThat(context).hasNotFailed().doesNotHaveBean(JpaPortal.class);
                    assertThat(new JdbcTemplate(context.getBean(DataSource.class))
                                    .queryForObject("SELECT COUNT(*) FROM host_note", Integer.class))
                            .isZero();
                });
    }

    @Test
    @DisplayName("portal.single-node=true starts without keys")
    void singleNodeWithoutKeys() {
        runner.withUserConfiguration(HostSms.class)
                .withPropertyValues("portal.single-node=true", "portal.keys.codes=", "portal.keys.pseudonym=")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(JpaPortal.class));
    }

    @Nested
    @DisplayName("backs off")
    class BacksOff {
        @Test
        @DisplayName("from the host's TransactionRunner, EntityManagerProvider and EmailChannel")
        void fromHostBeans() {
            EmailChannel hostMail = (EmailMessage m) -> DeliveryResult.sent("mail-1");
            runner.withUserConfiguration(HostSms.class)
                    .withUserConfiguration(HostTransactions.class)
                    .withBean("hostMail", EmailChannel.class, () -> hostMail)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBeansOfType(TransactionRunner.class))
                                .containsOnlyKeys("hostTx");
                        assertThat(context.getBeansOfType(EmailChannel.class)).containsOnlyKeys("hostMail");
                        assertThat(context).hasSingleBean(JpaPortal.class);
                        assertThat(context.getBean(JpaPortal.class).transactions())
                                .isSameAs(context.getBean("hostTx"));
                    });
        }
    }

    /** A host that runs the portal's units of work itself. */
    @Configuration(proxyBeanMethods = false)
    static class HostTransactions {
        @Bean
        TransactionRunner hostTx(PlatformTransactionManager transactions) {
            return new SpringTransactionRunner(transactions);
        }
    }

    @Nested
    @DisplayName("Twilio")
    class Twilio {
        @Test
        @DisplayName("turns on with its classes and portal.twilio.account-sid, and sends beside Boot's Jackson 3")
        void onWithClassesAndProperties() {
            try (LocalTwilio twilio = new LocalTwilio()) {
                runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                        .withPropertyValues(TestHost.twilioProperties(twilio))
                        .run(context -> {
                            assertThat(context).hasNotFailed();
                            SmsChannel sms = context.getBean(SmsChannel.class);
                            assertThat(sms).isInstanceOf(TwilioSmsChannel.class);
                            // Boot's JSON is Jackson 3 (tools.jackson); Twilio parses its answer with Jackson 2
                            assertThat(context.getBean(JsonMapper.class).writeValueAsString(List.of(1, 2)))
                                    .isEqualTo("[1,2]");
                            DeliveryResult sent = sms.send(new SmsMessage(
                                    PhoneNumber.parse("+36201234567"), "hello", SmsSegments.count("hello"), "r-1"));
                            assertThat(sent).isInstanceOf(DeliveryResult.Sent.class);
                            assertThat(twilio.sent())
                                    .singleElement()
                                    .satisfies(form -> assertThat(form)
                                            .containsEntry("To", "+36201234567")
                                            .containsEntry("Body", "hello"));
                        });
            }
        }

        @Test
        @DisplayName("stays off without portal.twilio.account-sid, and the start names the property")
        void offWithoutProperties() {
            runner.run(context -> assertThat(analysis(context)).contains("portal.twilio.account-sid"));
        }

        @Test
        @DisplayName("stays off without the Twilio SDK, properties or not")
        void offWithoutClasses() {
            try (LocalTwilio twilio = new LocalTwilio()) {
                runner.withClassLoader(new FilteredClassLoader("com.twilio"))
                        .withPropertyValues(TestHost.twilioProperties(twilio))
                        .run(context -> {
                            assertThat(analysis(context)).contains("portal.twilio.account-sid");
                            assertThat(twilio.sent()).isEmpty();
                        });
            }
        }

        @Test
        @DisplayName("a missing token is named")
        void missingToken() {
            runner.withPropertyValues("portal.twilio.account-sid=" + TestHost.ACCOUNT, "portal.twilio.from=+361234")
                    .run(context -> assertThat(analysis(context)).contains("portal.twilio.auth-token"));
        }
    }

    @Nested
    @DisplayName("Firebase")
    class Firebase {
        @Test
        @DisplayName("stays off without portal.fcm.project-id: no push channel, the portal starts")
        void offWithoutProperties() {
            runner.withUserConfiguration(HostSms.class)
                    .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PushChannel.class));
        }

        @Test
        @DisplayName("stays off without Firebase Admin, properties or not")
        void offWithoutClasses() {
            runner.withUserConfiguration(HostSms.class)
                    .withClassLoader(new FilteredClassLoader("com.google.firebase"))
                    .withPropertyValues("portal.fcm.project-id=clinic-app")
                    .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PushChannel.class));
        }

        @Test
        @DisplayName("turns on with its classes and portal.fcm.project-id, and names missing credentials")
        void onNeedsCredentials() {
            runner.withUserConfiguration(HostSms.class)
                    .withPropertyValues("portal.fcm.project-id=clinic-app")
                    .run(context -> assertThat(analysis(context)).contains("Property: portal.fcm.credentials"));
        }
    }

    @Nested
    @DisplayName("mail")
    class Mail {
        @Test
        @DisplayName(
                "comes from spring.mail.* when portal.mail.host is not set, with Boot's plain SMTP unless STARTTLS")
        void fromSpringMail() {
            MockEnvironment env = new MockEnvironment()
                    .withProperty("spring.mail.host", "smtp.spring.example")
                    .withProperty("spring.mail.port", "2525")
                    .withProperty("spring.mail.username", "u")
                    .withProperty("spring.mail.password", "p")
                    .withProperty("spring.mail.properties.mail.smtp.ssl.trust", "*");
            PortalProperties.Mail portal = new PortalProperties.Mail();
            portal.setFrom("portal@clinic.example");
            SmtpSettings smtp = Channels.smtp(portal, env);
            assertThat(smtp.host()).isEqualTo("smtp.spring.example");
            assertThat(smtp.port()).isEqualTo(2525);
            assertThat(smtp.username()).isEqualTo("u");
            assertThat(smtp.security()).isEqualTo(SmtpSettings.Security.NONE);
            assertThat(smtp.properties()).containsEntry("mail.smtp.ssl.trust", "*");

            env.setProperty("spring.mail.properties.mail.smtp.starttls.enable", "true");
            assertThat(Channels.smtp(portal, env).security()).isEqualTo(SmtpSettings.Security.STARTTLS);
            env.setProperty("spring.mail.protocol", "smtps");
            assertThat(Channels.smtp(portal, env).security()).isEqualTo(SmtpSettings.Security.TLS);
        }

        @Test
        @DisplayName("portal.mail.* wins over spring.mail.*, with STARTTLS by default")
        void portalMailWins() {
            MockEnvironment env = new MockEnvironment().withProperty("spring.mail.host", "smtp.spring.example");
            PortalProperties.Mail portal = new PortalProperties.Mail();
            portal.setHost("smtp.portal.example");
            portal.setFrom("portal@clinic.example");
            SmtpSettings smtp = Channels.smtp(portal, env);
            assertThat(smtp.host()).isEqualTo("smtp.portal.example");
            assertThat(smtp.port()).isEqualTo(587);
            assertThat(smtp.security()).isEqualTo(SmtpSettings.Security.STARTTLS);
            assertThat(smtp.username()).isNull();
        }

        @Test
        @DisplayName("without any mail host there is no channel, and the start names portal.mail.host")
        void noHost() {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(
                            DataSourceAutoConfiguration.class,
                            HibernateJpaAutoConfiguration.class,
                            TransactionAutoConfiguration.class,
                            PortalAutoConfiguration.class))
                    .withUserConfiguration(TestHost.Beans.class, HostSms.class)
                    .withPropertyValues(TestHost.portalProperties())
                    .withPropertyValues("spring.datasource.url=" + TestHost.h2Url())
                    .run(context -> {
                        assertThat(analysis(context)).contains("portal.mail.host");
                    });
        }

        @Test
        @DisplayName("a missing sender is named")
        void noFrom() {
            runner.withUserConfiguration(HostSms.class)
                    .withPropertyValues("portal.mail.from=")
                    .run(context -> assertThat(analysis(context)).contains("portal.mail.from"));
        }
    }

    @Nested
    @DisplayName("failure analysis")
    class Failures {
        @Test
        @DisplayName("names every missing property at once: the zone (no silent UTC), the keys")
        void missingZoneAndKeys() {
            runner.withUserConfiguration(HostSms.class)
                    .withPropertyValues("portal.institution.zone=", "portal.keys.codes=", "portal.keys.pseudonym=")
                    .run(context -> assertThat(analysis(context))
                            .contains("Property: portal.institution.zone")
                            .contains("Property: portal.keys.codes")
                            .contains("Property: portal.keys.pseudonym")
                            .contains("Europe/Budapest"));
        }

        @Test
        @DisplayName("a wrong zone or key is named, and the key's text is never quoted")
        void wrongValues() {
            runner.withUserConfiguration(HostSms.class)
                    .withPropertyValues(
                            "portal.institution.zone=Mars/Olympus",
                            "portal.keys.codes=k1:c2VjcmV0LXRvby1zaG9ydA==",
                            "portal.keys.audit=audit-1")
                    .run(context -> assertThat(analysis(context))
                            .contains("Property: portal.institution.zone", "Mars/Olympus")
                            .contains("Property: portal.keys.codes")
                            .contains("Property: portal.keys.audit")
                            .doesNotContain("c2VjcmV0LXRvby1zaG9ydA"));
        }

        @Test
        @DisplayName("a missing host bean is named")
        void missingHostBean() {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(
                            DataSourceAutoConfiguration.class,
                            HibernateJpaAutoConfiguration.class,
                            TransactionAutoConfiguration.class,
                            FlywayAutoConfiguration.class,
                            PortalAutoConfiguration.class))
                    .withUserConfiguration(HostSms.class)
                    .withPropertyValues(TestHost.portalProperties())
                    .withPropertyValues("spring.datasource.url=" + TestHost.h2Url(), "spring.mail.host=127.0.0.1")
                    .run(context -> assertThat(analysis(context))
                            .contains("PatientDirectory (bean)")
                            .contains("SchedulingGateway (bean)"));
        }

        @Test
        @DisplayName("refuses a ddl-auto that would let Hibernate manage the portal's tables")
        void schemaChangingDdlAuto() {
            runner.withUserConfiguration(HostSms.class)
                    .withPropertyValues("spring.jpa.hibernate.ddl-auto=create-drop")
                    .run(context -> assertThat(analysis(context)).contains("spring.jpa.hibernate.ddl-auto"));
        }

        @Test
        @DisplayName("is registered with Spring Boot in META-INF/spring.factories")
        void registered() throws java.io.IOException {
            List<String> analyzers = new java.util.ArrayList<>();
            for (java.net.URL url :
                    java.util.Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
                java.util.Properties factories = new java.util.Properties();
                try (java.io.InputStream in = url.openStream()) {
                    factories.load(in);
                }
                analyzers.add(factories.getProperty(FailureAnalyzer.class.getName(), ""));
            }
            assertThat(analyzers).anySatisfy(a -> assertThat(a).contains(PortalFailureAnalyzer.class.getName()));
        }
    }

    @Nested
    @DisplayName("migrations")
    class Migrations {
        @Test
        @DisplayName("without Flyway on the class path, none run, and a schema without the tables is reported")
        void flywayAbsent() {
            runner.withUserConfiguration(HostSms.class)
                    .withClassLoader(new FilteredClassLoader(Flyway.class))
                    .withPropertyValues("spring.jpa.hibernate.ddl-auto=none")
                    .run(context -> {
                        assertThat(analysis(context)).contains("portal.migrations.enabled");
                    });
        }

        @Test
        @DisplayName("portal.migrations.enabled=false leaves them to the host: a migrated schema starts")
        void disabledOnAMigratedSchema() {
            String url = TestHost.h2Url();
            dev.patientportal.jpa.PortalMigrations.migrate(
                    new org.springframework.jdbc.datasource.DriverManagerDataSource(url, "sa", ""));
            runner.withUserConfiguration(HostSms.class)
                    // the host applied the portal's scripts itself, and has no Flyway of its own here
                    .withPropertyValues(
                            "spring.datasource.url=" + url,
                            "portal.migrations.enabled=false",
                            "spring.flyway.enabled=false")
                    .run(context -> {
                        assertThat(context).hasNotFailed().doesNotHaveBean(PortalSchemaMigration.class);
                        assertThat(context.getBean(JpaPortal.class).isRunning()).isTrue();
                    });
        }
    }
}
