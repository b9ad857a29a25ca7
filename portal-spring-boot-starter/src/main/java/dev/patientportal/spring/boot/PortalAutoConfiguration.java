package dev.patientportal.spring.boot;

import dev.patientportal.auth.PortalLogin;
import dev.patientportal.core.AuditVerifier;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.SchedulingGateway;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.JpaPortal;
import dev.patientportal.jpa.OutboxAdmin;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.PushChannel;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.spring.boot.internal.Channels;
import dev.patientportal.spring.boot.internal.PortalConfigurationException;
import dev.patientportal.spring.boot.internal.PortalConfigurationException.Problem;
import dev.patientportal.spring.boot.internal.PortalLifecycle;
import dev.patientportal.spring.boot.internal.PortalSchemaMigration;
import dev.patientportal.spring.boot.internal.PortalSettings;
import dev.patientportal.spring.boot.internal.SpringTransactionRunner;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.SchemaManagement;
import org.springframework.boot.jdbc.SchemaManagementProvider;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryBuilderCustomizer;
import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.ClassUtils;

/**
 * Wires a {@link JpaPortal} from {@link PortalProperties} and the host's {@link PatientDirectory} and
 * {@link SchedulingGateway} beans, on the application's {@code DataSource}, JPA {@code EntityManagerFactory} and
 * {@code PlatformTransactionManager}: the portal's entities join the application's persistence unit, and its units
 * of work are Spring transactions that join a caller's {@code @Transactional}. Every bean backs off when the host
 * defines its own.
 *
 * <ul>
 *   <li>{@link TransactionRunner}: {@code PROPAGATION_REQUIRED}, and {@code REQUIRES_NEW} for {@code inNewTransaction};
 *       {@link EntityManagerProvider}: the shared, transaction-bound entity manager.
 *   <li>The portal's Flyway migrations, with Flyway on the class path ({@code portal.migrations.enabled}): their own
 *       history table, after the host's Boot-managed Flyway and before JPA starts.
 *   <li>Channels: Jakarta Mail from {@code portal.mail.*}, else {@code spring.mail.*}; Twilio with its SDK and
 *       {@code portal.twilio.account-sid}; Firebase with its SDK and {@code portal.fcm.project-id}.
 *   <li>{@link JpaPortal} (its dispatcher and housekeeping run as a {@code SmartLifecycle}), {@link PatientPortal},
 *       {@link PortalLogin}, {@link OutboxAdmin} and, with {@code portal.keys.audit}, {@link AuditVerifier}.
 *   <li>A wrong or missing setting stops the start with Boot's report naming the property.
 * </ul>
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"
        })
@ConditionalOnClass({JpaPortal.class, LocalContainerEntityManagerFactoryBean.class})
@ConditionalOnProperty(prefix = "portal", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(PortalProperties.class)
public class PortalAutoConfiguration {
    private static final String FLYWAY = "org.flywaydb.core.Flyway";
    private static final String BOOT_FLYWAY_INITIALIZER =
            "org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer";

    /** For Spring. */
    public PortalAutoConfiguration() {}

    /**
     * Adds the portal's entity classes ({@link JpaPortal#entityClasses()}) to the application's persistence unit,
     * whatever it scans, and refuses a {@code spring.jpa.hibernate.ddl-auto} that would let Hibernate manage their
     * tables. Replaces other persistence unit post-processors set on Boot's {@code EntityManagerFactoryBuilder}.
     *
     * @param env the environment
     * @return the customizer
     */
    @Bean
    @ConditionalOnMissingBean(name = "portalEntities")
    public EntityManagerFactoryBuilderCustomizer portalEntities(Environment env) {
        Problem ddl = PortalSettings.ddlAuto(env.getProperty("spring.jpa.hibernate.ddl-auto"));
        if (ddl != null) {
            throw new PortalConfigurationException(List.of(ddl));
        }
        return builder -> builder.setPersistenceUnitPostProcessors(
                unit -> JpaPortal.entityClasses().forEach(c -> unit.addManagedClassName(c.getName())));
    }

    /**
     * The portal's units of work on the application's transaction manager.
     *
     * @param transactions the application's transaction manager
     * @return the runner
     */
    @Bean
    @ConditionalOnMissingBean
    public TransactionRunner portalTransactionRunner(ObjectProvider<PlatformTransactionManager> transactions) {
        PlatformTransactionManager manager = transactions.getIfUnique();
        if (manager == null) {
            throw new PortalConfigurationException(List.of(new Problem(
                    "PlatformTransactionManager (bean)",
                    "the portal runs in the application's transactions: give it exactly one transaction manager"
                            + " (Boot's JPA auto-configuration makes one), or define a TransactionRunner bean")));
        }
        return new SpringTransactionRunner(manager);
    }

    /**
     * The entity manager of the current Spring transaction.
     *
     * @param factories the application's entity manager factory
     * @return the provider
     */
    @Bean
    @ConditionalOnMissingBean
    public EntityManagerProvider portalEntityManagers(ObjectProvider<EntityManagerFactory> factories) {
        EntityManagerFactory factory = factories.getIfUnique();
        if (factory == null) {
            throw new PortalConfigurationException(List.of(new Problem(
                    "EntityManagerFactory (bean)",
                    "the portal stores its data through the application's JPA: add spring-boot-starter-data-jpa"
                            + " (one persistence unit), or define an EntityManagerProvider bean")));
        }
        EntityManager shared = SharedEntityManagerCreator.createSharedEntityManager(factory);
        return () -> shared;
    }

    /**
     * The e-mail channel, from {@code portal.mail.*} or else {@code spring.mail.*}.
     *
     * @param properties the portal's properties
     * @param env the environment
     * @return the channel
     */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(MailConfigured.class)
    public EmailChannel portalEmailChannel(PortalProperties properties, Environment env) {
        return Channels.mail(properties.getMail(), env);
    }

    /**
     * The portal, built from the properties and the host's beans, its dispatcher and housekeeping held back for
     * {@link #portalLifecycle}.
     *
     * @param properties the portal's properties
     * @param transactions the runner
     * @param entityManagers the entity managers
     * @param patients the host's patient records
     * @param scheduling the host's scheduling
     * @param email the e-mail channel
     * @param sms the SMS channel
     * @param push the push channel, if any
     * @param customizers the host's and other auto-configurations' adjustments
     * @param resources the application's class loader, to tell whether Flyway is there
     * @return the portal, not started
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public JpaPortal jpaPortal(
            PortalProperties properties,
            TransactionRunner transactions,
            EntityManagerProvider entityManagers,
            ObjectProvider<PatientDirectory> patients,
            ObjectProvider<SchedulingGateway> scheduling,
            ObjectProvider<EmailChannel> email,
            ObjectProvider<SmsChannel> sms,
            ObjectProvider<PushChannel> push,
            ObjectProvider<JpaPortalCustomizer> customizers,
            ResourceLoader resources) {
        JpaPortal.Builder builder =
                JpaPortal.builder().transactions(transactions, entityManagers).deferStart();
        List<Problem> problems = new ArrayList<>(PortalSettings.apply(properties, builder));
        PatientDirectory directory = patients.getIfUnique();
        if (directory == null) {
            problems.add(new Problem(
                    "PatientDirectory (bean)",
                    "define one bean of type " + PatientDirectory.class.getName() + ": the host's patient records"));
        } else {
            builder.patientDirectory(directory);
        }
        SchedulingGateway gateway = scheduling.getIfUnique();
        if (gateway == null) {
            problems.add(new Problem(
                    "SchedulingGateway (bean)",
                    "define one bean of type " + SchedulingGateway.class.getName() + ": the host's booking system"));
        } else {
            builder.scheduling(gateway);
        }
        EmailChannel mail = email.getIfUnique();
        if (mail == null) {
            problems.add(new Problem(
                    "portal.mail.host",
                    "no e-mail channel: set portal.mail.host (or spring.mail.host) and portal.mail.from, or define an"
                            + " EmailChannel bean"));
        } else {
            builder.email(mail);
        }
        SmsChannel text = sms.getIfUnique();
        if (text == null) {
            problems.add(new Problem(
                    "portal.twilio.account-sid",
                    "no SMS channel (both logins send an SMS code): set portal.twilio.* with com.twilio.sdk:twilio on"
                            + " the class path, or define an SmsChannel bean"));
        } else {
            builder.sms(text);
        }
        PushChannel app = push.getIfUnique();
        if (app != null) {
            builder.push(app);
        }
        if (!problems.isEmpty()) {
            throw new PortalConfigurationException(problems);
        }
        // Metrics and health (Micrometer, Actuator) plug in here as JpaPortalCustomizer beans of their own
        // auto-configuration; an outbox health indicator reads the OutboxAdmin bean below.
        customizers.orderedStream().forEach(c -> c.customize(builder));
        try {
            return builder.build();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new PortalConfigurationException(List.of(new Problem("portal", String.valueOf(e.getMessage()))));
        } catch (RuntimeException e) {
            // a schema without the portal's tables fails deep in JPA: say what creates them
            if (!ClassUtils.isPresent(FLYWAY, resources.getClassLoader())) {
                throw new PortalConfigurationException(List.of(new Problem(
                        "portal.migrations.enabled",
                        "the portal could not read its tables, and Flyway is not on the class path to create them:"
                                + " add spring-boot-starter-flyway (or org.flywaydb:flyway-core), or apply the scripts"
                                + " under db/portal-migration/<vendor> yourself")));
            }
            throw e;
        }
    }

    /**
     * Starts the portal's dispatcher and housekeeping with the context, and stops them first at shutdown.
     *
     * @param portal the portal
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean(PortalLifecycle.class)
    public SmartLifecycle portalLifecycle(JpaPortal portal) {
        return new PortalLifecycle(portal);
    }

    /**
     * The portal: staff administration, documents, the patient's view.
     *
     * @param portal the wiring
     * @return the portal
     */
    @Bean
    @ConditionalOnMissingBean
    public PatientPortal patientPortal(JpaPortal portal) {
        return portal.portal();
    }

    /**
     * The login, which is also the portal's session resolver.
     *
     * @param portal the wiring
     * @return the login
     */
    @Bean
    @ConditionalOnMissingBean
    public PortalLogin portalLogin(JpaPortal portal) {
        return portal.login();
    }

    /**
     * Parked notifications, for staff screens.
     *
     * @param portal the wiring
     * @return the admin
     */
    @Bean
    @ConditionalOnMissingBean
    public OutboxAdmin portalOutboxAdmin(JpaPortal portal) {
        return portal.outbox();
    }

    /**
     * The verifier of the tamper-evident audit trail, with {@code portal.keys.audit}.
     *
     * @param portal the wiring
     * @return the verifier
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "portal.keys", name = "audit")
    public AuditVerifier portalAuditVerifier(JpaPortal portal) {
        return portal.auditVerifier();
    }

    /** The portal's migrations, with Flyway on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = FLYWAY)
    @ConditionalOnProperty(prefix = "portal.migrations", name = "enabled", havingValue = "true", matchIfMissing = true)
    public static class Migrations {
        /** For Spring. */
        public Migrations() {}

        /**
         * Migrates the application's data source, after the host's own Boot-managed Flyway (whose first run wants a
         * schema without tables it does not know).
         *
         * @param dataSource the application's data source
         * @param beans to find the host's Flyway initializer
         * @return the migration, done (a {@code PortalSchemaMigration})
         */
        @Bean
        @ConditionalOnMissingBean(PortalSchemaMigration.class)
        public InitializingBean portalSchemaMigration(DataSource dataSource, ListableBeanFactory beans) {
            ClassLoader loader = Migrations.class.getClassLoader();
            if (ClassUtils.isPresent(BOOT_FLYWAY_INITIALIZER, loader)) {
                beans.getBeansOfType(ClassUtils.resolveClassName(BOOT_FLYWAY_INITIALIZER, loader));
            }
            return new PortalSchemaMigration(dataSource);
        }

        /**
         * Makes JPA start after the portal's migrations, so that it finds the tables.
         *
         * @return the post-processor
         */
        @Bean
        public static EntityManagerFactoryDependsOnPostProcessor portalMigrationsBeforeJpa() {
            return new EntityManagerFactoryDependsOnPostProcessor("portalSchemaMigration");
        }

        /**
         * Tells Boot that migrations manage the schema, so that its default {@code ddl-auto} on an embedded database
         * is {@code none} instead of {@code create-drop} (as with Boot's own Flyway).
         *
         * @param dataSource the application's data source
         * @return the provider
         */
        @Bean
        public SchemaManagementProvider portalSchemaManagement(DataSource dataSource) {
            return ds -> ds == dataSource ? SchemaManagement.MANAGED : SchemaManagement.UNMANAGED;
        }
    }

    /** The Twilio SMS channel, with its SDK and {@code portal.twilio.account-sid}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.twilio.Twilio")
    @ConditionalOnProperty(prefix = "portal.twilio", name = "account-sid")
    public static class Twilio {
        /** For Spring. */
        public Twilio() {}

        /**
         * The channel.
         *
         * @param properties the portal's properties
         * @return the channel
         */
        @Bean
        @ConditionalOnMissingBean
        public SmsChannel portalSmsChannel(PortalProperties properties) {
            return Channels.Twilio.create(properties.getTwilio());
        }
    }

    /** The Firebase Cloud Messaging push channel, with its SDK and {@code portal.fcm.project-id}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.google.firebase.FirebaseApp")
    @ConditionalOnProperty(prefix = "portal.fcm", name = "project-id")
    public static class Firebase {
        /** For Spring. */
        public Firebase() {}

        /**
         * The channel; closing the bean deletes its Firebase app.
         *
         * @param properties the portal's properties
         * @param resources where the credentials are read from
         * @return the channel
         */
        @Bean
        @ConditionalOnMissingBean
        public PushChannel portalPushChannel(PortalProperties properties, ResourceLoader resources) {
            return Channels.Firebase.create(properties.getFcm(), resources);
        }
    }

    /** Matches when {@code portal.mail.host} or {@code spring.mail.host} is set. */
    static final class MailConfigured extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Channels.mailConfigured(context.getEnvironment())
                    ? ConditionOutcome.match("portal.mail.host or spring.mail.host is set")
                    : ConditionOutcome.noMatch("neither portal.mail.host nor spring.mail.host is set");
        }
    }
}
