package dev.patientportal.spring.web;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the web tests' hosts have: their patient records and booking system, and keys; as the starter's {@code TestHost}
 * (the SMS channel is {@link LocalTwilio}).
 */
final class WebTestHost {
    static final InstitutionId CLINIC = InstitutionId.of("clinic-web");
    static final String ACCOUNT = "AC" + "0".repeat(32);
    static final String CODE_KEYS = "2026-12:" + "A".repeat(43) + "=,2026-11:" + "B".repeat(43) + "=";
    static final String PSEUDONYM_KEY = "pseudonym-1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final String AUDIT_KEYS = "audit-1:" + "C".repeat(43) + "=";

    private WebTestHost() {}

    /** The two beans a host gives. */
    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        InMemoryPatientDirectory patients() {
            return new InMemoryPatientDirectory();
        }

        @Bean
        InMemoryScheduling scheduling() {
            return new InMemoryScheduling();
        }
    }

    /** A fresh in-memory H2 database's URL. */
    static String h2Url() {
        return "jdbc:h2:mem:web_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    }

    /** Every property a complete host sets, besides its database, mail and SMS. */
    static String[] portalProperties() {
        return new String[] {
            "portal.institution.id=" + CLINIC,
            "portal.institution.name=Klinika",
            "portal.institution.portal-url=https://portal.example.org",
            "portal.institution.zone=Europe/Budapest",
            "portal.keys.codes=" + CODE_KEYS,
            "portal.keys.pseudonym=" + PSEUDONYM_KEY,
            "portal.mail.from=portal@clinic.example",
            "portal.dispatcher.poll-interval=50ms",
            "spring.jpa.hibernate.ddl-auto=validate"
        };
    }
}
