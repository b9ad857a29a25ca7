package dev.patientportal.notify;

import dev.patientportal.notify.spi.DeviceRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the notifier needs to know about an institution: the name and portal link its messages show, the language
 * used when a patient's is not available, the time zone for appointment times and SMS months, its mobile app, and an
 * optional monthly SMS budget.
 *
 * <pre>{@code
 * InstitutionSettings clinic = InstitutionSettings.builder("Clínica Demo", URI.create("https://portal.example.org"))
 *         .defaultLocale(Locale.forLanguageTag("es"))
 *         .zone(ZoneId.of("Europe/Madrid"))
 *         .pushApp("clinic-app")
 *         .smsMonthlyBudget(new BigDecimal("50.00"))
 *         .build();
 * }</pre>
 *
 * @param name the institution's name as messages show it; not personal data
 * @param portalUrl the link to the portal messages carry; {@code https} (or {@code http} on a loopback host)
 * @param defaultLocale the language when the patient's has no templates
 * @param zone the institution's time zone: appointment times in messages are shown in it, with its short name or
 *     offset, and SMS budgets count its calendar months. Required; there is no default, since a silent UTC shows a
 *     Budapest clinic's times one or two hours off
 * @param pushApp the app whose registered devices get push notifications, or {@code null} for no push
 * @param smsMonthlyBudget the most SMS may cost per month, in the currency of the price per segment, or {@code null}
 *     for no limit
 */
public record InstitutionSettings(
        String name,
        URI portalUrl,
        Locale defaultLocale,
        ZoneId zone,
        @Nullable String pushApp,
        @Nullable BigDecimal smsMonthlyBudget) {

    /**
     * Checks the settings.
     *
     * @param name the institution's name as messages show it; not personal data
     * @param portalUrl the link to the portal messages carry; {@code https} (or {@code http} on a loopback host)
     * @param defaultLocale the language when the patient's has no templates
     * @param zone the institution's time zone: appointment times in messages are shown in it, with its short name or
     *     offset, and SMS budgets count its calendar months. Required; there is no default, since a silent UTC shows a
     *     Budapest clinic's times one or two hours off
     * @param pushApp the app whose registered devices get push notifications, or {@code null} for no push
     * @param smsMonthlyBudget the most SMS may cost per month, in the currency of the price per segment, or
     *     {@code null} for no limit
     * @throws IllegalArgumentException naming every problem
     */
    public InstitutionSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(portalUrl, "portalUrl");
        Objects.requireNonNull(defaultLocale, "defaultLocale");
        Objects.requireNonNull(zone, "zone");
        List<String> problems = new ArrayList<>();
        if (name.isBlank() || name.length() > 200 || name.contains("{{")) {
            problems.add("name must be 1 to 200 characters without {{");
        }
        String scheme = portalUrl.getScheme();
        boolean loopback = "localhost".equals(portalUrl.getHost()) || "127.0.0.1".equals(portalUrl.getHost());
        if (!portalUrl.isAbsolute()
                || portalUrl.getHost() == null
                || !("https".equals(scheme) || ("http".equals(scheme) && loopback))) {
            problems.add("portalUrl must be an absolute https URL");
        }
        if (pushApp != null) {
            try {
                DeviceRegistry.requireValidApp(pushApp);
            } catch (IllegalArgumentException e) {
                problems.add("pushApp: " + e.getMessage());
            }
        }
        if (smsMonthlyBudget != null && smsMonthlyBudget.signum() < 0) {
            problems.add("smsMonthlyBudget must not be negative");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid institution settings: " + String.join("; ", problems));
        }
    }

    /**
     * Starts settings with the two values every institution needs.
     *
     * @param name the institution's name as messages show it
     * @param portalUrl the link to the portal
     * @return a builder; the default locale is English, no app, no budget; the zone must be given
     */
    public static Builder builder(String name, URI portalUrl) {
        return new Builder(name, portalUrl);
    }

    /** Builds {@link InstitutionSettings}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final URI portalUrl;
        private Locale defaultLocale = Locale.ENGLISH;
        private @Nullable ZoneId zone;
        private @Nullable String pushApp;
        private @Nullable BigDecimal smsMonthlyBudget;

        private Builder(String name, URI portalUrl) {
            this.name = name;
            this.portalUrl = portalUrl;
        }

        /**
         * Sets the language used when the patient's language has no templates.
         *
         * @param locale the language
         * @return this builder
         */
        public Builder defaultLocale(Locale locale) {
            this.defaultLocale = Objects.requireNonNull(locale, "locale");
            return this;
        }

        /**
         * Sets the time zone of appointment times in messages and of the SMS budget's months. Required: give
         * {@code ZoneOffset.UTC} only for an institution that really keeps UTC.
         *
         * @param zone the zone
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * Sets the app whose registered devices get push notifications.
         *
         * @param app the app's name in the {@link dev.patientportal.notify.spi.DeviceRegistry}
         * @return this builder
         */
        public Builder pushApp(String app) {
            this.pushApp = Objects.requireNonNull(app, "app");
            return this;
        }

        /**
         * Sets the most SMS notifications may cost per month; when it is spent, SMS is skipped until the next month
         * (e-mail and push still go). Login codes are counted but never held back.
         *
         * @param budget the amount, in the currency of the price per segment
         * @return this builder
         */
        public Builder smsMonthlyBudget(BigDecimal budget) {
            this.smsMonthlyBudget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException naming every problem
         */
        public InstitutionSettings build() {
            ZoneId z = zone;
            if (z == null) {
                throw new IllegalArgumentException("Invalid institution settings: zone(ZoneId) is required, for"
                        + " example ZoneId.of(\"Europe/Budapest\"): appointment times in messages are shown in it");
            }
            return new InstitutionSettings(name, portalUrl, defaultLocale, z, pushApp, smsMonthlyBudget);
        }
    }
}
