package dev.patientportal.notify.mail;

import dev.patientportal.core.EmailAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link JakartaMailChannel} reaches the SMTP server: host, port, transport security, authentication, sender and
 * timeouts.
 *
 * <pre>{@code
 * SmtpSettings smtp = SmtpSettings.builder("smtp.example.org", 587, EmailAddress.parse("portal@clinic.example"))
 *         .security(SmtpSettings.Security.STARTTLS)
 *         .credentials("portal@clinic.example", secretFromVault)
 *         .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 *
 * <p>{@link #toString()} does not show the password.
 *
 * @param host the server's host name
 * @param port the server's port (587 for STARTTLS, 465 for TLS, 25 without)
 * @param security the transport security
 * @param username the login, or {@code null} for no authentication
 * @param password the password, or {@code null} for no authentication
 * @param from the sender address; the display name is the institution's name
 * @param connectTimeout the longest wait to connect
 * @param readTimeout the longest wait for each reply (and each write)
 * @param properties further Jakarta Mail session properties ({@code mail.smtp.*}), applied last
 */
public record SmtpSettings(
        String host,
        int port,
        Security security,
        @Nullable String username,
        @Nullable String password,
        EmailAddress from,
        Duration connectTimeout,
        Duration readTimeout,
        Map<String, String> properties) {

    /** Transport security. */
    public enum Security {
        /** Plain SMTP; only for a relay on the same host or network. */
        NONE,
        /** Plain connection upgraded with STARTTLS, which is required: the send fails if the server does not offer it. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, usually port 465). */
        TLS
    }

    /**
     * Checks the settings.
     *
     * @param host the server's host name
     * @param port the server's port (587 for STARTTLS, 465 for TLS, 25 without)
     * @param security the transport security
     * @param username the login, or {@code null} for no authentication
     * @param password the password, or {@code null} for no authentication
     * @param from the sender address; the display name is the institution's name
     * @param connectTimeout the longest wait to connect
     * @param readTimeout the longest wait for each reply (and each write)
     * @param properties further Jakarta Mail session properties ({@code mail.smtp.*}), applied last
     * @throws IllegalArgumentException naming every problem
     */
    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        properties = Map.copyOf(properties);
        List<String> problems = new ArrayList<>();
        if (host.isBlank()) {
            problems.add("host is required");
        }
        if (port < 1 || port > 65535) {
            problems.add("port must be 1 to 65535");
        }
        if ((username == null) != (password == null)) {
            problems.add("username and password go together");
        }
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || readTimeout.isNegative()
                || readTimeout.isZero()) {
            problems.add("timeouts must be positive");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid SMTP settings: " + String.join("; ", problems));
        }
    }

    /**
     * Starts settings.
     *
     * @param host the server's host name
     * @param port the server's port
     * @param from the sender address
     * @return a builder; STARTTLS, no authentication, 10 s connect and read timeouts
     */
    public static Builder builder(String host, int port, EmailAddress from) {
        return new Builder(host, port, from);
    }

    /** Leaves out the password. */
    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", security=" + security + ", auth="
                + (username != null) + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }

    /** Builds {@link SmtpSettings}. Not thread-safe. */
    public static final class Builder {
        private final String host;
        private final int port;
        private final EmailAddress from;
        private Security security = Security.STARTTLS;
        private @Nullable String username;
        private @Nullable String password;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(10);
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder(String host, int port, EmailAddress from) {
            this.host = host;
            this.port = port;
            this.from = from;
        }

        /**
         * Sets the transport security.
         *
         * @param security the security
         * @return this builder
         */
        public Builder security(Security security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /**
         * Sets the login.
         *
         * @param username the user
         * @param password the password
         * @return this builder
         */
        public Builder credentials(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * Sets the timeouts.
         *
         * @param connect the longest wait to connect
         * @param read the longest wait for each reply and each write
         * @return this builder
         */
        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = Objects.requireNonNull(connect, "connect");
            this.readTimeout = Objects.requireNonNull(read, "read");
            return this;
        }

        /**
         * Sets a further Jakarta Mail session property, such as {@code mail.smtp.ssl.trust}.
         *
         * @param name the property
         * @param value its value
         * @return this builder
         */
        public Builder property(String name, String value) {
            properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException naming every problem
         */
        public SmtpSettings build() {
            return new SmtpSettings(
                    host, port, security, username, password, from, connectTimeout, readTimeout, properties);
        }
    }
}
