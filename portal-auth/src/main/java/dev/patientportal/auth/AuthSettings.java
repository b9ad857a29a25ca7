package dev.patientportal.auth;

import dev.patientportal.auth.AuthSettingTable.Setting;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The limits of login: codes, attempts, lockout, send limits and session timeouts. Immutable; built with
 * {@link #builder()}, whose {@link Builder#build()} checks every setting against its bound (NIST SP 800-63B rev 4, OWASP
 * ASVS 5.0) and reports every problem at once.
 *
 * <pre>{@code
 * AuthSettings settings = AuthSettings.builder()
 *         .codeLength(8)
 *         .sessionIdleTimeout(Duration.ofMinutes(15))
 *         .sendsPerPhone(3, 6)
 *         .build();
 * }</pre>
 *
 * <table>
 *   <caption>Settings, defaults and bounds</caption>
 *   <tr><th>Setting</th><th>Default</th><th>Bounds</th></tr>
 *   <tr><td>codeLength</td><td>6 digits</td><td>6 to 10</td></tr>
 *   <tr><td>codeValidity</td><td>5 min</td><td>30 s to 10 min</td></tr>
 *   <tr><td>challengeLifetime</td><td>15 min</td><td>codeValidity to 1 h</td></tr>
 *   <tr><td>maxAttemptsPerChallenge</td><td>5</td><td>1 to 10</td></tr>
 *   <tr><td>maxResendsPerChallenge</td><td>3</td><td>0 to 10</td></tr>
 *   <tr><td>resendCooldown</td><td>60 s</td><td>10 s to 1 h</td></tr>
 *   <tr><td>lockoutThreshold</td><td>10</td><td>1 to 100</td></tr>
 *   <tr><td>lockoutBaseDelay</td><td>30 s</td><td>1 s to 1 h</td></tr>
 *   <tr><td>lockoutMaxDelay</td><td>1 h</td><td>lockoutBaseDelay to 24 h</td></tr>
 *   <tr><td>sendsPerPhone, sendsPerEmail</td><td>5 an hour, 10 a day</td><td>1 to 1 000 an hour; day at least
 *       hour</td></tr>
 *   <tr><td>sendsPerClientAddress</td><td>20 an hour, 100 a day</td><td>1 to 100 000 an hour</td></tr>
 *   <tr><td>sendsPerInstitution</td><td>1 000 an hour, 10 000 a day</td><td>1 to 10 000 000 an hour</td></tr>
 *   <tr><td>sessionIdleTimeout</td><td>30 min</td><td>1 min to 1 h (AAL2)</td></tr>
 *   <tr><td>sessionAbsoluteTimeout</td><td>12 h</td><td>sessionIdleTimeout to 24 h (AAL2)</td></tr>
 *   <tr><td>defaultPhoneRegion</td><td>HU</td><td>two upper-case letters</td></tr>
 *   <tr><td>defaultLocale</td><td>hu</td><td>any</td></tr>
 * </table>
 */
public final class AuthSettings {
    /**
     * A send limit for one key (a phone number, an e-mail address, a client address or an institution): how many code
     * sends in a fixed clock hour and a fixed UTC day.
     *
     * @param perHour sends allowed per clock hour
     * @param perDay sends allowed per UTC day
     */
    public record SendLimit(int perHour, int perDay) {}

    private static final AuthSettings DEFAULTS = builder().build();

    /** One value per setting of {@link AuthSettingTable}, by {@link Setting#index}, all checked. */
    private final @Nullable Object[] values;

    private AuthSettings(@Nullable Object[] values) {
        this.values = values;
    }

    /**
     * The defaults of the table above.
     *
     * @return the default settings
     */
    public static AuthSettings defaults() {
        return DEFAULTS;
    }

    /**
     * Starts from the defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder(AuthSettingTable.defaults());
    }

    /**
     * Returns a builder holding these settings, to change a few.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder(values.clone());
    }

    /** {@return the number of digits of a code, 6 to 10} */
    public int codeLength() {
        return AuthSettingTable.CODE_LENGTH.in(values);
    }

    /** {@return how long a code is accepted after it was sent, at most 10 minutes} */
    public Duration codeValidity() {
        return AuthSettingTable.CODE_VALIDITY.in(values);
    }

    /**
     * {@return how long a challenge lives however often codes are resent: at least {@link #codeValidity()}, at
     * most one hour}
     */
    public Duration challengeLifetime() {
        return AuthSettingTable.CHALLENGE_LIFETIME.in(values);
    }

    /** {@return how many wrong codes one challenge accepts before it is locked, 1 to 10} */
    public int maxAttemptsPerChallenge() {
        return AuthSettingTable.MAX_ATTEMPTS_PER_CHALLENGE.in(values);
    }

    /** {@return how many times one challenge may resend codes, over all its factors, 0 to 10} */
    public int maxResendsPerChallenge() {
        return AuthSettingTable.MAX_RESENDS_PER_CHALLENGE.in(values);
    }

    /** {@return how long after a send the next resend is possible} */
    public Duration resendCooldown() {
        return AuthSettingTable.RESEND_COOLDOWN.in(values);
    }

    /**
     * {@return after how many consecutive wrong codes for one identity, across challenges, the identity is
     * locked, 1 to 100}
     */
    public int lockoutThreshold() {
        return AuthSettingTable.LOCKOUT_THRESHOLD.in(values);
    }

    /** {@return the first lockout's length; each further failure doubles it} */
    public Duration lockoutBaseDelay() {
        return AuthSettingTable.LOCKOUT_BASE_DELAY.in(values);
    }

    /** {@return the longest lockout, the cap of the doubling} */
    public Duration lockoutMaxDelay() {
        return AuthSettingTable.LOCKOUT_MAX_DELAY.in(values);
    }

    /** {@return the send limit per phone number} */
    public SendLimit sendsPerPhone() {
        return AuthSettingTable.SENDS_PER_PHONE.in(values);
    }

    /** {@return the send limit per e-mail address} */
    public SendLimit sendsPerEmail() {
        return AuthSettingTable.SENDS_PER_EMAIL.in(values);
    }

    /** {@return the send limit per client address (starts and resends from one address)} */
    public SendLimit sendsPerClientAddress() {
        return AuthSettingTable.SENDS_PER_CLIENT_ADDRESS.in(values);
    }

    /** {@return the send limit per institution, the brake on SMS pumping} */
    public SendLimit sendsPerInstitution() {
        return AuthSettingTable.SENDS_PER_INSTITUTION.in(values);
    }

    /** {@return how long an unused session lives, at most one hour} */
    public Duration sessionIdleTimeout() {
        return AuthSettingTable.SESSION_IDLE_TIMEOUT.in(values);
    }

    /** {@return how long a session lives however much it is used, at most 24 hours} */
    public Duration sessionAbsoluteTimeout() {
        return AuthSettingTable.SESSION_ABSOLUTE_TIMEOUT.in(values);
    }

    /** {@return the region assumed for phone numbers typed without a country code, an ISO 3166 code} */
    public String defaultPhoneRegion() {
        return AuthSettingTable.DEFAULT_PHONE_REGION.in(values);
    }

    /** {@return the language of code messages when neither the patient record nor the request names one} */
    public Locale defaultLocale() {
        return AuthSettingTable.DEFAULT_LOCALE.in(values);
    }

    /** Equal when every setting is. */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof AuthSettings other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return AuthSettingTable.describe(values);
    }

    /** Builds {@link AuthSettings}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private final @Nullable Object[] values;

        private Builder(@Nullable Object[] values) {
            this.values = values;
        }

        /**
         * Sets the number of digits of a code. Default 6; 6 to 10.
         *
         * @param digits the length
         * @return this builder
         */
        public Builder codeLength(int digits) {
            return set(AuthSettingTable.CODE_LENGTH, digits);
        }

        /**
         * Sets how long a code is accepted. Default 5 minutes; 30 seconds to 10 minutes.
         *
         * @param validity the validity
         * @return this builder
         */
        public Builder codeValidity(Duration validity) {
            return set(AuthSettingTable.CODE_VALIDITY, validity);
        }

        /**
         * Sets how long a challenge lives, resends included. Default 15 minutes; from the code validity to one hour.
         *
         * @param lifetime the lifetime
         * @return this builder
         */
        public Builder challengeLifetime(Duration lifetime) {
            return set(AuthSettingTable.CHALLENGE_LIFETIME, lifetime);
        }

        /**
         * Sets how many wrong codes a challenge accepts. Default 5; 1 to 10.
         *
         * @param attempts the number of wrong codes
         * @return this builder
         */
        public Builder maxAttemptsPerChallenge(int attempts) {
            return set(AuthSettingTable.MAX_ATTEMPTS_PER_CHALLENGE, attempts);
        }

        /**
         * Sets how many resends one challenge allows. Default 3; 0 to 10.
         *
         * @param resends the number of resends
         * @return this builder
         */
        public Builder maxResendsPerChallenge(int resends) {
            return set(AuthSettingTable.MAX_RESENDS_PER_CHALLENGE, resends);
        }

        /**
         * Sets the resend cool-down. Default 60 seconds; 10 seconds to one hour.
         *
         * @param cooldown the cool-down
         * @return this builder
         */
        public Builder resendCooldown(Duration cooldown) {
            return set(AuthSettingTable.RESEND_COOLDOWN, cooldown);
        }

        /**
         * Sets after how many consecutive wrong codes an identity is locked. Default 10; 1 to 100 (NIST's ceiling).
         *
         * @param failures the threshold
         * @return this builder
         */
        public Builder lockoutThreshold(int failures) {
            return set(AuthSettingTable.LOCKOUT_THRESHOLD, failures);
        }

        /**
         * Sets the lockout back-off: the first lockout lasts {@code base}, each further wrong code doubles it up to
         * {@code max}. Default 30 seconds up to one hour; base 1 second to one hour, max from base to 24 hours.
         *
         * @param base the first lockout
         * @param max the longest lockout
         * @return this builder
         */
        public Builder lockoutBackoff(Duration base, Duration max) {
            set(AuthSettingTable.LOCKOUT_BASE_DELAY, base);
            return set(AuthSettingTable.LOCKOUT_MAX_DELAY, max);
        }

        /**
         * Sets the send limit per phone number. Default 5 an hour, 10 a day.
         *
         * @param perHour sends per clock hour, 1 to 1 000
         * @param perDay sends per UTC day, at least {@code perHour}
         * @return this builder
         */
        public Builder sendsPerPhone(int perHour, int perDay) {
            return set(AuthSettingTable.SENDS_PER_PHONE, new SendLimit(perHour, perDay));
        }

        /**
         * Sets the send limit per e-mail address. Default 5 an hour, 10 a day.
         *
         * @param perHour sends per clock hour, 1 to 1 000
         * @param perDay sends per UTC day, at least {@code perHour}
         * @return this builder
         */
        public Builder sendsPerEmail(int perHour, int perDay) {
            return set(AuthSettingTable.SENDS_PER_EMAIL, new SendLimit(perHour, perDay));
        }

        /**
         * Sets the send limit per client address. Default 20 an hour, 100 a day. Applies only when the request context
         * names the address.
         *
         * @param perHour sends per clock hour, 1 to 100 000
         * @param perDay sends per UTC day, at least {@code perHour}
         * @return this builder
         */
        public Builder sendsPerClientAddress(int perHour, int perDay) {
            return set(AuthSettingTable.SENDS_PER_CLIENT_ADDRESS, new SendLimit(perHour, perDay));
        }

        /**
         * Sets the send limit per institution. Default 1 000 an hour, 10 000 a day.
         *
         * @param perHour sends per clock hour, 1 to 10 000 000
         * @param perDay sends per UTC day, at least {@code perHour}
         * @return this builder
         */
        public Builder sendsPerInstitution(int perHour, int perDay) {
            return set(AuthSettingTable.SENDS_PER_INSTITUTION, new SendLimit(perHour, perDay));
        }

        /**
         * Sets the idle timeout of sessions. Default 30 minutes; 1 minute to 1 hour (NIST AAL2 inactivity).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder sessionIdleTimeout(Duration timeout) {
            return set(AuthSettingTable.SESSION_IDLE_TIMEOUT, timeout);
        }

        /**
         * Sets the absolute timeout of sessions. Default 12 hours; from the idle timeout to 24 hours (NIST AAL2).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder sessionAbsoluteTimeout(Duration timeout) {
            return set(AuthSettingTable.SESSION_ABSOLUTE_TIMEOUT, timeout);
        }

        /**
         * Sets the region of phone numbers typed without a country code. Default {@code HU}.
         *
         * @param region an ISO 3166 region code, two upper-case letters
         * @return this builder
         */
        public Builder defaultPhoneRegion(String region) {
            return set(AuthSettingTable.DEFAULT_PHONE_REGION, region);
        }

        /**
         * Sets the language of code messages when neither the patient record nor the request names one. Default
         * Hungarian.
         *
         * @param locale the locale
         * @return this builder
         */
        public Builder defaultLocale(Locale locale) {
            return set(AuthSettingTable.DEFAULT_LOCALE, locale);
        }

        /**
         * Checks every setting and builds.
         *
         * @return the settings
         * @throws IllegalStateException naming every setting out of bounds
         */
        public AuthSettings build() {
            List<String> problems = AuthSettingTable.problems(values);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Invalid AuthSettings: " + String.join("; ", problems));
            }
            return new AuthSettings(values.clone());
        }

        private <T> Builder set(Setting<T> setting, @Nullable T value) {
            values[setting.index] = value;
            return this;
        }
    }
}
