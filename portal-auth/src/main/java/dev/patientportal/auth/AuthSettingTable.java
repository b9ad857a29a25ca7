package dev.patientportal.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The settings of {@link AuthSettings}, each declared once with its name, default and bounds, in the order they are
 * checked and shown. {@link AuthSettings} and its builder keep the values in an array indexed by {@link Setting#index};
 * their accessors and builder methods only name the setting, and defaults, copies, checks and {@code toString} come
 * from here.
 */
final class AuthSettingTable {
    private static final List<Setting<?>> SETTINGS = new ArrayList<>();

    static final Setting<Integer> CODE_LENGTH = between("codeLength", 6, 6, 10);
    static final Setting<Duration> CODE_VALIDITY =
            between("codeValidity", Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(10));
    static final Setting<Duration> CHALLENGE_LIFETIME = between(
            "challengeLifetime", Duration.ofMinutes(15), CODE_VALIDITY, Duration.ofSeconds(30), Duration.ofHours(1));
    static final Setting<Integer> MAX_ATTEMPTS_PER_CHALLENGE = between("maxAttemptsPerChallenge", 5, 1, 10);
    static final Setting<Integer> MAX_RESENDS_PER_CHALLENGE = between("maxResendsPerChallenge", 3, 0, 10);
    static final Setting<Duration> RESEND_COOLDOWN =
            between("resendCooldown", Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofHours(1));
    static final Setting<Integer> LOCKOUT_THRESHOLD = between("lockoutThreshold", 10, 1, 100);
    static final Setting<Duration> LOCKOUT_BASE_DELAY =
            between("lockoutBaseDelay", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofHours(1));
    static final Setting<Duration> LOCKOUT_MAX_DELAY = between(
            "lockoutMaxDelay", Duration.ofHours(1), LOCKOUT_BASE_DELAY, Duration.ofSeconds(1), Duration.ofHours(24));
    static final Setting<AuthSettings.SendLimit> SENDS_PER_PHONE = sendLimit("sendsPerPhone", 5, 10, 1_000);
    static final Setting<AuthSettings.SendLimit> SENDS_PER_EMAIL = sendLimit("sendsPerEmail", 5, 10, 1_000);
    static final Setting<AuthSettings.SendLimit> SENDS_PER_CLIENT_ADDRESS =
            sendLimit("sendsPerClientAddress", 20, 100, 100_000);
    static final Setting<AuthSettings.SendLimit> SENDS_PER_INSTITUTION =
            sendLimit("sendsPerInstitution", 1_000, 10_000, 10_000_000);
    static final Setting<Duration> SESSION_IDLE_TIMEOUT =
            between("sessionIdleTimeout", Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofHours(1));
    static final Setting<Duration> SESSION_ABSOLUTE_TIMEOUT = between(
            "sessionAbsoluteTimeout",
            Duration.ofHours(12),
            SESSION_IDLE_TIMEOUT,
            Duration.ofMinutes(1),
            Duration.ofHours(24));
    static final Setting<String> DEFAULT_PHONE_REGION =
            matching("defaultPhoneRegion", "HU", "[A-Z]{2}", "two upper-case letters");
    static final Setting<Locale> DEFAULT_LOCALE = required("defaultLocale", Locale.forLanguageTag("hu"));

    private AuthSettingTable() {}

    /**
     * One setting.
     *
     * @param <T> its type
     */
    static final class Setting<T> {
        final String name;
        final int index;
        private final T defaultValue;
        private final Check<T> check;

        private Setting(String name, T defaultValue, Check<T> check) {
            this.name = name;
            this.index = SETTINGS.size();
            this.defaultValue = defaultValue;
            this.check = check;
            SETTINGS.add(this);
        }

        /** Its value among values that passed {@link #problems}. */
        @SuppressWarnings("unchecked")
        T in(@Nullable Object[] values) {
            return (T) Objects.requireNonNull(values[index], name);
        }

        @SuppressWarnings("unchecked")
        private @Nullable T rawIn(@Nullable Object[] values) {
            return (T) values[index];
        }

        private void check(@Nullable Object[] values, List<String> problems) {
            check.check(name, rawIn(values), values, problems);
        }
    }

    /** Adds the problems of one value, naming the setting; {@code values} holds the others, for relations. */
    @FunctionalInterface
    private interface Check<T> {
        void check(String name, @Nullable T value, @Nullable Object[] values, List<String> problems);
    }

    /** The defaults of every setting, as a new array. */
    static @Nullable Object[] defaults() {
        @Nullable Object[] values = new Object[SETTINGS.size()];
        for (Setting<?> s : SETTINGS) {
            values[s.index] = s.defaultValue;
        }
        return values;
    }

    /** Every problem of the values, in the order of the settings. */
    static List<String> problems(@Nullable Object[] values) {
        List<String> problems = new ArrayList<>();
        for (Setting<?> s : SETTINGS) {
            s.check(values, problems);
        }
        return problems;
    }

    /** {@code AuthSettings[name=value, ...]} in the order of the settings. */
    static String describe(@Nullable Object[] values) {
        StringJoiner joiner = new StringJoiner(", ", "AuthSettings[", "]");
        for (Setting<?> s : SETTINGS) {
            joiner.add(s.name + "=" + values[s.index]);
        }
        return joiner.toString();
    }

    /** Required, and between two bounds, inclusive. */
    private static <T extends Comparable<T>> Setting<T> between(String name, T defaultValue, T min, T max) {
        return new Setting<>(name, defaultValue, (n, value, values, problems) -> bounded(n, value, min, max, problems));
    }

    /** Required, at least the value of another setting (or {@code fallbackMin} without one), at most {@code max}. */
    private static <T extends Comparable<T>> Setting<T> between(
            String name, T defaultValue, Setting<T> atLeast, T fallbackMin, T max) {
        return new Setting<>(name, defaultValue, (n, value, values, problems) -> {
            T min = atLeast.rawIn(values);
            bounded(n, value, min == null ? fallbackMin : min, max, problems);
        });
    }

    /** A send limit: 1 to {@code maxPerHour} an hour, and a day at least an hour. */
    private static Setting<AuthSettings.SendLimit> sendLimit(String name, int perHour, int perDay, int maxPerHour) {
        return new Setting<>(name, new AuthSettings.SendLimit(perHour, perDay), (n, value, values, problems) -> {
            if (value == null) {
                problems.add(n + " is required");
                return;
            }
            if (value.perHour() < 1 || value.perHour() > maxPerHour) {
                problems.add(n + " per hour must be between 1 and " + maxPerHour + " (was " + value.perHour() + ")");
            }
            if (value.perDay() < value.perHour()) {
                problems.add(n + " per day must be at least the hourly limit (was " + value.perDay() + ")");
            }
        });
    }

    /** Text matching a pattern; a missing one is reported like a mismatch. */
    private static Setting<String> matching(String name, String defaultValue, String regex, String rule) {
        return new Setting<>(name, defaultValue, (n, value, values, problems) -> {
            if (value == null || !value.matches(regex)) {
                problems.add(n + " must be " + rule);
            }
        });
    }

    /** Only has to be present. */
    private static <T> Setting<T> required(String name, T defaultValue) {
        return new Setting<>(name, defaultValue, (n, value, values, problems) -> {
            if (value == null) {
                problems.add(n + " is required");
            }
        });
    }

    private static <T extends Comparable<T>> void bounded(
            String name, @Nullable T value, T min, T max, List<String> problems) {
        if (value == null) {
            problems.add(name + " is required");
        } else if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problems.add(name + " must be between " + min + " and " + max + " (was " + value + ")");
        }
    }
}
