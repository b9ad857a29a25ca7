package dev.patientportal.spring.boot;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.LocalTwilio;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the tests' hosts have: their patient records and booking system, keys, and a local Twilio. */
final class TestHost {
    static final InstitutionId CLINIC = InstitutionId.of("clinic-boot");
    static final String ACCOUNT = LocalTwilio.ACCOUNT_SID;
    static final String CODE_KEYS = "2026-12:" + "A".repeat(43) + "=,2026-11:" + "B".repeat(43) + "=";
    static final String PSEUDONYM_KEY = "pseudonym-1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final String AUDIT_KEYS = "audit-1:" + "C".repeat(43) + "=";

    private TestHost() {}

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
        return "jdbc:h2:mem:boot_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
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

    /** The properties that point the portal's Twilio channel at a local Twilio. */
    static String[] twilioProperties(LocalTwilio twilio) {
        return new String[] {
            "portal.twilio.account-sid=" + ACCOUNT,
            "portal.twilio.auth-token=test-token",
            "portal.twilio.from=+3612345678",
            "portal.twilio.base-uri=" + twilio.uri()
        };
    }
}
