package dev.patientportal.spring.boot.internal;

import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.AuditKey;
import dev.patientportal.core.AuditKeyring;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.jpa.JpaPortal;
import dev.patientportal.notify.InstitutionSettings;
import dev.patientportal.spring.boot.PortalProperties;
import dev.patientportal.spring.boot.internal.PortalConfigurationException.Problem;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code portal.*} into a {@link JpaPortal.Builder}, checking each property and naming every one that is missing
 * or wrong at once. Key texts are parsed here and never quoted in a message.
 */
public final class PortalSettings {
    /** Hibernate schema actions that would create, change or drop the portal's tables behind its migrations. */
    private static final Set<String> SCHEMA_CHANGING = Set.of("create", "create-drop", "create-only", "drop", "update");

    private PortalSettings() {}

    /**
     * Applies the properties to a builder.
     *
     * @param p the properties
     * @param builder the builder
     * @return the problems found; empty when every property is right
     */
    public static List<Problem> apply(PortalProperties p, JpaPortal.Builder builder) {
        List<Problem> problems = new ArrayList<>();
        institution(p.getInstitution(), builder, problems);
        keys(p, builder, problems);
        if (p.isSingleNode()) {
            builder.singleNode();
        }
        Duration every = p.getHousekeepingInterval();
        if (every.isNegative()) {
            problems.add(new Problem("portal.housekeeping-interval", "must be positive, or 0 for no schedule"));
        } else {
            builder.housekeepingInterval(every.isZero() ? null : every);
        }
        Period retention = p.getAuditRetention();
        if (retention != null) {
            if (retention.isZero() || retention.isNegative()) {
                problems.add(new Problem("portal.audit-retention", "must be a positive period, such as P10Y"));
            } else {
                builder.auditRetention(retention);
            }
        }
        if (p.getHealth().getOutboxMaxDueAge().isNegative()
                || p.getHealth().getOutboxMaxDueAge().isZero()) {
            problems.add(new Problem("portal.health.outbox-max-due-age", "must be positive"));
        }
        if (p.getSms().getPricePerSegment() != null) {
            if (p.getSms().getPricePerSegment().signum() < 0) {
                problems.add(new Problem("portal.sms.price-per-segment", "must not be negative"));
            } else {
                builder.smsPricePerSegment(p.getSms().getPricePerSegment());
            }
        }
        builder.smsTransliteration(p.getSms().isTransliteration());
        PortalProperties.Dispatcher d = p.getDispatcher();
        if ((d.getBackoffBase() == null) != (d.getBackoffMax() == null)) {
            problems.add(new Problem(
                    "portal.dispatcher.backoff-base", "give portal.dispatcher.backoff-base and backoff-max together"));
        }
        builder.dispatcher(b -> {
            if (d.getBatchSize() != null) {
                b.batchSize(d.getBatchSize());
            }
            if (d.getPollInterval() != null) {
                b.pollInterval(d.getPollInterval());
            }
            if (d.getLease() != null) {
                b.lease(d.getLease());
            }
            if (d.getMaxAttempts() != null) {
                b.maxAttempts(d.getMaxAttempts());
            }
            Duration base = d.getBackoffBase();
            Duration max = d.getBackoffMax();
            if (base != null && max != null) {
                b.backoff(base, max);
            }
            if (d.getThreads() != null) {
                b.threads(d.getThreads());
            }
            if (d.getShutdownTimeout() != null) {
                b.shutdownTimeout(d.getShutdownTimeout());
            }
            if (d.getListen() != null) {
                b.listen(d.getListen());
            }
        });
        return problems;
    }

    /**
     * Checks that Hibernate will not manage the portal's tables: they come from its migrations.
     *
     * @param ddlAuto the value of {@code spring.jpa.hibernate.ddl-auto}, or {@code null} when not set
     * @return the problem, or {@code null}
     */
    public static @Nullable Problem ddlAuto(@Nullable String ddlAuto) {
        if (ddlAuto != null && SCHEMA_CHANGING.contains(ddlAuto.strip().toLowerCase(Locale.ROOT))) {
            return new Problem(
                    "spring.jpa.hibernate.ddl-auto",
                    "is " + ddlAuto.strip() + ", which would let Hibernate create, change or drop the portal's tables;"
                            + " they come from the portal's migrations: use validate or none");
        }
        return null;
    }

    private static void institution(PortalProperties.Institution i, JpaPortal.Builder builder, List<Problem> problems) {
        InstitutionId id = null;
        String idText = i.getId();
        if (idText == null || idText.isBlank()) {
            problems.add(
                    new Problem("portal.institution.id", "is required: the institution's id in the host's records"));
        } else {
            try {
                id = InstitutionId.of(idText.strip());
            } catch (PortalException | IllegalArgumentException e) {
                problems.add(
                        new Problem("portal.institution.id", e.getMessage() == null ? "is malformed" : e.getMessage()));
            }
        }
        String name = i.getName();
        if (name == null || name.isBlank()) {
            problems.add(
                    new Problem("portal.institution.name", "is required: the institution's name as messages show it"));
        }
        if (i.getPortalUrl() == null) {
            problems.add(new Problem(
                    "portal.institution.portal-url", "is required: the https link to the portal that messages carry"));
        }
        ZoneId zone = null;
        String zoneText = i.getZone();
        if (zoneText == null || zoneText.isBlank()) {
            problems.add(new Problem(
                    "portal.institution.zone",
                    "is required, for example Europe/Budapest: appointment times in messages are shown in it, and"
                            + " there is no default (a silent UTC shows them hours off)"));
        } else {
            try {
                zone = ZoneId.of(zoneText.strip());
            } catch (DateTimeException e) {
                problems.add(new Problem(
                        "portal.institution.zone",
                        "'" + zoneText.strip() + "' is not a time zone id, such as Europe/Budapest"));
            }
        }
        Locale locale = Locale.forLanguageTag(i.getDefaultLocale().strip());
        if (locale.getLanguage().isEmpty()) {
            problems.add(new Problem("portal.institution.default-locale", "is not a language tag, such as hu or en"));
        }
        if (id == null || name == null || name.isBlank() || i.getPortalUrl() == null || zone == null) {
            return;
        }
        try {
            InstitutionSettings.Builder settings = InstitutionSettings.builder(name.strip(), i.getPortalUrl())
                    .zone(zone)
                    .defaultLocale(locale);
            if (i.getPushApp() != null) {
                settings.pushApp(i.getPushApp());
            }
            if (i.getSmsMonthlyBudget() != null) {
                settings.smsMonthlyBudget(i.getSmsMonthlyBudget());
            }
            builder.institution(id, settings.build());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("portal.institution", String.valueOf(e.getMessage())));
        }
    }

    private static void keys(PortalProperties p, JpaPortal.Builder builder, List<Problem> problems) {
        PortalProperties.Keys k = p.getKeys();
        String codes = k.getCodes();
        if (codes == null || codes.isBlank()) {
            if (p.isSingleNode()) {
                builder.keys(CodeKeyring.random());
            } else {
                problems.add(
                        new Problem(
                                "portal.keys.codes",
                                "is required, the same on every node: id:base64 entries, the current key first, for example"
                                        + " portal.keys.codes=${PORTAL_CODE_KEYS} (docs/security.md); or portal.single-node=true"));
            }
        } else {
            try {
                builder.keys(CodeKeyring.parse(codes));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("portal.keys.codes", String.valueOf(e.getMessage())));
            }
        }
        String pseudonym = k.getPseudonym();
        if (pseudonym == null || pseudonym.isBlank()) {
            if (p.isSingleNode()) {
                builder.pseudonymKey(PseudonymKey.random("pseudonym-random"));
            } else {
                problems.add(new Problem(
                        "portal.keys.pseudonym",
                        "is required, the same on every node: id:base64 with at least 32 bytes, for example"
                                + " portal.keys.pseudonym=${PORTAL_PSEUDONYM_KEY}; or portal.single-node=true"));
            }
        } else {
            try {
                builder.pseudonymKey(PseudonymKey.parse(pseudonym));
            } catch (PortalException | IllegalArgumentException e) {
                problems.add(new Problem("portal.keys.pseudonym", String.valueOf(e.getMessage())));
            }
        }
        String audit = k.getAudit();
        if (audit != null && !audit.isBlank()) {
            try {
                builder.auditChain(AuditChainSettings.of(auditKeys(audit)));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("portal.keys.audit", String.valueOf(e.getMessage())));
            }
        }
    }

    /**
     * Reads audit keys in the form of the code keys: {@code id:base64} entries separated by commas, the current first.
     *
     * @param text the entries
     * @return the key ring
     * @throws IllegalArgumentException naming the entry that is malformed, never its secret
     */
    static AuditKeyring auditKeys(String text) {
        String[] entries = text.split(",", -1);
        List<AuditKey> keys = new ArrayList<>(entries.length);
        for (int n = 0; n < entries.length; n++) {
            String entry = entries[n].strip();
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException(
                        "audit key entry " + (n + 1) + " of " + entries.length + " is not id:base64");
            }
            try {
                keys.add(AuditKey.fromBase64(entry.substring(0, colon).strip(), entry.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "audit key entry " + (n + 1) + " of " + entries.length + ": " + e.getMessage());
            }
        }
        return AuditKeyring.of(keys.get(0), keys.subList(1, keys.size()).toArray(AuditKey[]::new));
    }
}
