package dev.patientportal.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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

    private final int codeLength;
    private final Duration codeValidity;
    private final Duration challengeLifetime;
    private final int maxAttemptsPerChallenge;
    private final int maxResendsPerChallenge;
    private final Duration resendCooldown;
    private final int lockoutThreshold;
    private final Duration lockoutBaseDelay;
    private final Duration lockoutMaxDelay;
    private final SendLimit sendsPerPhone;
    private final SendLimit sendsPerEmail;
    private final SendLimit sendsPerClientAddress;
    private final SendLimit sendsPerInstitution;
    private final Duration sessionIdleTimeout;
    private final Duration sessionAbsoluteTimeout;
    private final String defaultPhoneRegion;
    private final Locale defaultLocale;

    private AuthSettings(Builder b) {
        this.codeLength = b.codeLength;
        this.codeValidity = Objects.requireNonNull(b.codeValidity);
        this.challengeLifetime = Objects.requireNonNull(b.challengeLifetime);
        this.maxAttemptsPerChallenge = b.maxAttemptsPerChallenge;
        this.maxResendsPerChallenge = b.maxResendsPerChallenge;
        this.resendCooldown = Objects.requireNonNull(b.resendCooldown);
        this.lockoutThreshold = b.lockoutThreshold;
        this.lockoutBaseDelay = Objects.requireNonNull(b.lockoutBaseDelay);
        this.lockoutMaxDelay = Objects.requireNonNull(b.lockoutMaxDelay);
        this.sendsPerPhone = b.sendsPerPhone;
        this.sendsPerEmail = b.sendsPerEmail;
        this.sendsPerClientAddress = b.sendsPerClientAddress;
        this.sendsPerInstitution = b.sendsPerInstitution;
        this.sessionIdleTimeout = Objects.requireNonNull(b.sessionIdleTimeout);
        this.sessionAbsoluteTimeout = Objects.requireNonNull(b.sessionAbsoluteTimeout);
        this.defaultPhoneRegion = Objects.requireNonNull(b.defaultPhoneRegion);
        this.defaultLocale = Objects.requireNonNull(b.defaultLocale);
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
        return new Builder();
    }

    /**
     * Returns a builder holding these settings, to change a few.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.codeLength = codeLength;
        b.codeValidity = codeValidity;
        b.challengeLifetime = challengeLifetime;
        b.maxAttemptsPerChallenge = maxAttemptsPerChallenge;
        b.maxResendsPerChallenge = maxResendsPerChallenge;
        b.resendCooldown = resendCooldown;
        b.lockoutThreshold = lockoutThreshold;
        b.lockoutBaseDelay = lockoutBaseDelay;
        b.lockoutMaxDelay = lockoutMaxDelay;
        b.sendsPerPhone = sendsPerPhone;
        b.sendsPerEmail = sendsPerEmail;
        b.sendsPerClientAddress = sendsPerClientAddress;
        b.sendsPerInstitution = sendsPerInstitution;
        b.sessionIdleTimeout = sessionIdleTimeout;
        b.sessionAbsoluteTimeout = sessionAbsoluteTimeout;
        b.defaultPhoneRegion = defaultPhoneRegion;
        b.defaultLocale = defaultLocale;
        return b;
    }

    /**
     * Returns the number of digits of a code.
     *
     * @return 6 to 10
     */
    public int codeLength() {
        return codeLength;
    }

    /**
     * Returns how long a code is accepted after it was sent.
     *
     * @return at most 10 minutes
     */
    public Duration codeValidity() {
        return codeValidity;
    }

    /**
     * Returns how long a challenge lives however often codes are resent.
     *
     * @return at least {@link #codeValidity()}, at most one hour
     */
    public Duration challengeLifetime() {
        return challengeLifetime;
    }

    /**
     * Returns how many wrong codes one challenge accepts before it is locked.
     *
     * @return 1 to 10
     */
    public int maxAttemptsPerChallenge() {
        return maxAttemptsPerChallenge;
    }

    /**
     * Returns how many times one challenge may resend codes, over all its factors.
     *
     * @return 0 to 10
     */
    public int maxResendsPerChallenge() {
        return maxResendsPerChallenge;
    }

    /**
     * Returns how long after a send the next resend is possible.
     *
     * @return the cool-down
     */
    public Duration resendCooldown() {
        return resendCooldown;
    }

    /**
     * Returns after how many consecutive wrong codes for one identity, across challenges, the identity is locked.
     *
     * @return 1 to 100
     */
    public int lockoutThreshold() {
        return lockoutThreshold;
    }

    /**
     * Returns the first lockout's length; each further failure doubles it.
     *
     * @return the base delay
     */
    public Duration lockoutBaseDelay() {
        return lockoutBaseDelay;
    }

    /**
     * Returns the longest lockout.
     *
     * @return the cap of the doubling
     */
    public Duration lockoutMaxDelay() {
        return lockoutMaxDelay;
    }

    /**
     * Returns the send limit per phone number.
     *
     * @return the limit
     */
    public SendLimit sendsPerPhone() {
        return sendsPerPhone;
    }

    /**
     * Returns the send limit per e-mail address.
     *
     * @return the limit
     */
    public SendLimit sendsPerEmail() {
        return sendsPerEmail;
    }

    /**
     * Returns the send limit per client address (starts and resends from one address).
     *
     * @return the limit
     */
    public SendLimit sendsPerClientAddress() {
        return sendsPerClientAddress;
    }

    /**
     * Returns the send limit per institution, the brake on SMS pumping.
     *
     * @return the limit
     */
    public SendLimit sendsPerInstitution() {
        return sendsPerInstitution;
    }

    /**
     * Returns how long an unused session lives.
     *
     * @return at most one hour
     */
    public Duration sessionIdleTimeout() {
        return sessionIdleTimeout;
    }

    /**
     * Returns how long a session lives however much it is used.
     *
     * @return at most 24 hours
     */
    public Duration sessionAbsoluteTimeout() {
        return sessionAbsoluteTimeout;
    }

    /**
     * Returns the region assumed for phone numbers typed without a country code.
     *
     * @return an ISO 3166 region code
     */
    public String defaultPhoneRegion() {
        return defaultPhoneRegion;
    }

    /**
     * Returns the language of code messages when neither the patient record nor the request names one.
     *
     * @return the locale
     */
    public Locale defaultLocale() {
        return defaultLocale;
    }

    @Override
    public String toString() {
        return "AuthSettings[codeLength=" + codeLength + ", codeValidity=" + codeValidity + ", challengeLifetime="
                + challengeLifetime + ", maxAttemptsPerChallenge=" + maxAttemptsPerChallenge
                + ", maxResendsPerChallenge=" + maxResendsPerChallenge + ", resendCooldown=" + resendCooldown
                + ", lockoutThreshold=" + lockoutThreshold + ", lockoutBaseDelay=" + lockoutBaseDelay
                + ", lockoutMaxDelay=" + lockoutMaxDelay + ", sendsPerPhone=" + sendsPerPhone + ", sendsPerEmail="
                + sendsPerEmail + ", sendsPerClientAddress=" + sendsPerClientAddress + ", sendsPerInstitution="
                + sendsPerInstitution + ", sessionIdleTimeout=" + sessionIdleTimeout + ", sessionAbsoluteTimeout="
                + sessionAbsoluteTimeout + ", defaultPhoneRegion=" + defaultPhoneRegion + ", defaultLocale="
                + defaultLocale + "]";
    }

    /** Builds {@link AuthSettings}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private int codeLength = 6;
        private @Nullable Duration codeValidity = Duration.ofMinutes(5);
        private @Nullable Duration challengeLifetime = Duration.ofMinutes(15);
        private int maxAttemptsPerChallenge = 5;
        private int maxResendsPerChallenge = 3;
        private @Nullable Duration resendCooldown = Duration.ofSeconds(60);
        private int lockoutThreshold = 10;
        private @Nullable Duration lockoutBaseDelay = Duration.ofSeconds(30);
        private @Nullable Duration lockoutMaxDelay = Duration.ofHours(1);
        private SendLimit sendsPerPhone = new SendLimit(5, 10);
        private SendLimit sendsPerEmail = new SendLimit(5, 10);
        private SendLimit sendsPerClientAddress = new SendLimit(20, 100);
        private SendLimit sendsPerInstitution = new SendLimit(1_000, 10_000);
        private @Nullable Duration sessionIdleTimeout = Duration.ofMinutes(30);
        private @Nullable Duration sessionAbsoluteTimeout = Duration.ofHours(12);
        private @Nullable String defaultPhoneRegion = "HU";
        private @Nullable Locale defaultLocale = Locale.forLanguageTag("hu");

        private Builder() {}

        /**
         * Sets the number of digits of a code. Default 6; 6 to 10.
         *
         * @param digits the length
         * @return this builder
         */
        public Builder codeLength(int digits) {
            this.codeLength = digits;
            return this;
        }

        /**
         * Sets how long a code is accepted. Default 5 minutes; 30 seconds to 10 minutes.
         *
         * @param validity the validity
         * @return this builder
         */
        public Builder codeValidity(Duration validity) {
            this.codeValidity = validity;
            return this;
        }

        /**
         * Sets how long a challenge lives, resends included. Default 15 minutes; from the code validity to one hour.
         *
         * @param lifetime the lifetime
         * @return this builder
         */
        public Builder challengeLifetime(Duration lifetime) {
            this.challengeLifetime = lifetime;
            return this;
        }

        /**
         * Sets how many wrong codes a challenge accepts. Default 5; 1 to 10.
         *
         * @param attempts the number of wrong codes
         * @return this builder
         */
        public Builder maxAttemptsPerChallenge(int attempts) {
            this.maxAttemptsPerChallenge = attempts;
            return this;
        }

        /**
         * Sets how many resends one challenge allows. Default 3; 0 to 10.
         *
         * @param resends the number of resends
         * @return this builder
         */
        public Builder maxResendsPerChallenge(int resends) {
            this.maxResendsPerChallenge = resends;
            return this;
        }

        /**
         * Sets the resend cool-down. Default 60 seconds; 10 seconds to one hour.
         *
         * @param cooldown the cool-down
         * @return this builder
         */
        public Builder resendCooldown(Duration cooldown) {
            this.resendCooldown = cooldown;
            return this;
        }

        /**
         * Sets after how many consecutive wrong codes an identity is locked. Default 10; 1 to 100 (NIST's ceiling).
         *
         * @param failures the threshold
         * @return this builder
         */
        public Builder lockoutThreshold(int failures) {
            this.lockoutThreshold = failures;
            return this;
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
            this.lockoutBaseDelay = base;
            this.lockoutMaxDelay = max;
            return this;
        }

        /**
         * Sets the send limit per phone number. Default 5 an hour, 10 a day.
         *
         * @param perHour sends per clock hour, 1 to 1 000
         * @param perDay sends per UTC day, at least {@code perHour}
         * @return this builder
         */
        public Builder sendsPerPhone(int perHour, int perDay) {
            this.sendsPerPhone = new SendLimit(perHour, perDay);
            return this;
        }

        /**
         * Sets the send limit per e-mail address. Default 5 an hour, 10 a day.
         *
         * @param perHour sends per clock hour, 1 to 1 000
         * @param perDay sends per UTC day, at least {@code perHour}
         * @return this builder
         */
        public Builder sendsPerEmail(int perHour, int perDay) {
            this.sendsPerEmail = new SendLimit(perHour, perDay);
            return this;
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
            this.sendsPerClientAddress = new SendLimit(perHour, perDay);
            return this;
        }

        /**
         * Sets the send limit per institution. Default 1 000 an hour, 10 000 a day.
         *
         * @param perHour sends per clock hour, 1 to 10 000 000
         * @param perDay sends per UTC day, at least {@code perHour}
         * @return this builder
         */
        public Builder sendsPerInstitution(int perHour, int perDay) {
            this.sendsPerInstitution = new SendLimit(perHour, perDay);
            return this;
        }

        /**
         * Sets the idle timeout of sessions. Default 30 minutes; 1 minute to 1 hour (NIST AAL2 inactivity).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder sessionIdleTimeout(Duration timeout) {
            this.sessionIdleTimeout = timeout;
            return this;
        }

        /**
         * Sets the absolute timeout of sessions. Default 12 hours; from the idle timeout to 24 hours (NIST AAL2).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder sessionAbsoluteTimeout(Duration timeout) {
            this.sessionAbsoluteTimeout = timeout;
            return this;
        }

        /**
         * Sets the region of phone numbers typed without a country code. Default {@code HU}.
         *
         * @param region an ISO 3166 region code, two upper-case letters
         * @return this builder
         */
        public Builder defaultPhoneRegion(String region) {
            this.defaultPhoneRegion = region;
            return this;
        }

        /**
         * Sets the language of code messages when neither the patient record nor the request names one. Default
         * Hungarian.
         *
         * @param locale the locale
         * @return this builder
         */
        public Builder defaultLocale(Locale locale) {
            this.defaultLocale = locale;
            return this;
        }

        /**
         * Checks every setting and builds.
         *
         * @return the settings
         * @throws IllegalStateException naming every setting out of bounds
         */
        public AuthSettings build() {
            List<String> problems = new ArrayList<>();
            range(problems, "codeLength", codeLength, 6, 10);
            duration(problems, "codeValidity", codeValidity, Duration.ofSeconds(30), Duration.ofMinutes(10));
            duration(problems, "challengeLifetime", challengeLifetime,
                    codeValidity == null ? Duration.ofSeconds(30) : codeValidity, Duration.ofHours(1));
            range(problems, "maxAttemptsPerChallenge", maxAttemptsPerChallenge, 1, 10);
            range(problems, "maxResendsPerChallenge", maxResendsPerChallenge, 0, 10);
            duration(problems, "resendCooldown", resendCooldown, Duration.ofSeconds(10), Duration.ofHours(1));
            range(problems, "lockoutThreshold", lockoutThreshold, 1, 100);
            duration(problems, "lockoutBaseDelay", lockoutBaseDelay, Duration.ofSeconds(1), Duration.ofHours(1));
            duration(problems, "lockoutMaxDelay", lockoutMaxDelay,
                    lockoutBaseDelay == null ? Duration.ofSeconds(1) : lockoutBaseDelay, Duration.ofHours(24));
            limit(problems, "sendsPerPhone", sendsPerPhone, 1_000);
            limit(problems, "sendsPerEmail", sendsPerEmail, 1_000);
            limit(problems, "sendsPerClientAddress", sendsPerClientAddress, 100_000);
            limit(problems, "sendsPerInstitution", sendsPerInstitution, 10_000_000);
            duration(problems, "sessionIdleTimeout", sessionIdleTimeout, Duration.ofMinutes(1), Duration.ofHours(1));
            duration(problems, "sessionAbsoluteTimeout", sessionAbsoluteTimeout,
                    sessionIdleTimeout == null ? Duration.ofMinutes(1) : sessionIdleTimeout, Duration.ofHours(24));
            if (defaultPhoneRegion == null || !defaultPhoneRegion.matches("[A-Z]{2}")) {
                problems.add("defaultPhoneRegion must be two upper-case letters");
            }
            if (defaultLocale == null) {
                problems.add("defaultLocale is required");
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Invalid AuthSettings: " + String.join("; ", problems));
            }
            return new AuthSettings(this);
        }

        private static void range(List<String> problems, String name, int value, int min, int max) {
            if (value < min || value > max) {
                problems.add(name + " must be between " + min + " and " + max + " (was " + value + ")");
            }
        }

        private static void duration(List<String> problems, String name, @Nullable Duration value, Duration min,
                Duration max) {
            if (value == null) {
                problems.add(name + " is required");
            } else if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                problems.add(name + " must be between " + min + " and " + max + " (was " + value + ")");
            }
        }

        private static void limit(List<String> problems, String name, @Nullable SendLimit value, int maxPerHour) {
            if (value == null) {
                problems.add(name + " is required");
                return;
            }
            if (value.perHour() < 1 || value.perHour() > maxPerHour) {
                problems.add(name + " per hour must be between 1 and " + maxPerHour + " (was " + value.perHour()
                        + ")");
            }
            if (value.perDay() < value.perHour()) {
                problems.add(name + " per day must be at least the hourly limit (was " + value.perDay() + ")");
            }
        }
    }
}
