package dev.patientportal.spring.boot.internal;

import com.google.auth.oauth2.GoogleCredentials;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.PortalException;
import dev.patientportal.notify.firebase.FirebasePushChannel;
import dev.patientportal.notify.mail.JakartaMailChannel;
import dev.patientportal.notify.mail.SmtpSettings;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.PushChannel;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.notify.twilio.TwilioSmsChannel;
import dev.patientportal.spring.boot.PortalProperties;
import dev.patientportal.spring.boot.internal.PortalConfigurationException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Makes the channels from {@code portal.mail.*} (else {@code spring.mail.*}), {@code portal.twilio.*} and
 * {@code portal.fcm.*}; a wrong setting throws {@link PortalConfigurationException} naming it. Twilio and Firebase
 * classes are touched only by their own methods, which run only when those SDKs are on the class path.
 */
public final class Channels {
    private static final String STARTTLS = "mail.smtp.starttls.enable";

    private Channels() {}

    /**
     * Tells whether an SMTP server is configured in {@code portal.mail.host} or {@code spring.mail.host}.
     *
     * @param env the environment
     * @return whether an e-mail channel can be made
     */
    public static boolean mailConfigured(Environment env) {
        return env.containsProperty("portal.mail.host") || env.containsProperty("spring.mail.host");
    }

    /**
     * The SMTP settings: {@code portal.mail.*} when {@code portal.mail.host} is set, otherwise the server of
     * {@code spring.mail.*} (host, port, username, password, protocol, properties) with {@code portal.mail.from}.
     *
     * @param portal the portal's mail properties
     * @param env the environment, for {@code spring.mail.*}
     * @return the settings
     * @throws PortalConfigurationException naming what is missing or wrong
     */
    public static SmtpSettings smtp(PortalProperties.Mail portal, Environment env) {
        List<Problem> problems = new ArrayList<>();
        boolean own = portal.getHost() != null;
        String prefix = own ? "portal.mail" : "spring.mail";
        SpringMail spring = own
                ? new SpringMail()
                : Binder.get(env)
                        .bind("spring.mail", Bindable.of(SpringMail.class))
                        .orElseGet(SpringMail::new);
        String host = own ? portal.getHost() : spring.getHost();
        Integer port = own ? portal.getPort() : spring.getPort();
        String username = own ? portal.getUsername() : spring.getUsername();
        String password = own ? portal.getPassword() : spring.getPassword();
        Map<String, String> properties = new LinkedHashMap<>(own ? portal.getProperties() : spring.getProperties());
        if (!own) {
            properties.putAll(portal.getProperties());
        }
        if (host == null || host.isBlank()) {
            problems.add(new Problem(prefix + ".host", "is required: the SMTP server of the portal's e-mails"));
        }
        EmailAddress from = null;
        if (portal.getFrom() == null || portal.getFrom().isBlank()) {
            problems.add(new Problem("portal.mail.from", "is required: the sender address of the portal's e-mails"));
        } else {
            try {
                from = EmailAddress.parse(portal.getFrom());
            } catch (PortalException e) {
                problems.add(new Problem("portal.mail.from", "is not an e-mail address"));
            }
        }
        SmtpSettings.Security security = SmtpSettings.Security.STARTTLS;
        if (portal.getSecurity() != null) {
            try {
                security = SmtpSettings.Security.valueOf(
                        portal.getSecurity().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("portal.mail.security", "must be STARTTLS, TLS or NONE"));
            }
        } else if (!own) {
            // what Boot's own JavaMailSender would do with the same spring.mail.* settings
            security = "smtps".equalsIgnoreCase(spring.getProtocol())
                    ? SmtpSettings.Security.TLS
                    : "true".equalsIgnoreCase(properties.get(STARTTLS))
                            ? SmtpSettings.Security.STARTTLS
                            : SmtpSettings.Security.NONE;
        }
        properties.remove(STARTTLS); // the security setting decides
        if ((username == null) != (password == null)) {
            problems.add(new Problem(prefix + ".username", "and " + prefix + ".password go together"));
        }
        if (!problems.isEmpty() || host == null || from == null) {
            throw new PortalConfigurationException(problems);
        }
        SmtpSettings.Builder b = SmtpSettings.builder(host.strip(), port != null ? port : 587, from)
                .security(security);
        if (username != null && password != null) {
            b.credentials(username, password);
        }
        Duration connect = portal.getConnectTimeout() != null ? portal.getConnectTimeout() : Duration.ofSeconds(10);
        Duration read = portal.getReadTimeout() != null ? portal.getReadTimeout() : Duration.ofSeconds(10);
        b.timeouts(connect, read);
        properties.forEach(b::property);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new PortalConfigurationException(List.of(new Problem(prefix, String.valueOf(e.getMessage()))));
        }
    }

    /**
     * The Jakarta Mail channel.
     *
     * @param portal the portal's mail properties
     * @param env the environment
     * @return the channel
     */
    public static EmailChannel mail(PortalProperties.Mail portal, Environment env) {
        return JakartaMailChannel.create(smtp(portal, env));
    }

    /** The Twilio channel, in a class of its own: loaded only when the Twilio SDK is on the class path. */
    public static final class Twilio {
        private Twilio() {}

        /**
         * The Twilio SMS channel.
         *
         * @param t the properties
         * @return the channel
         * @throws PortalConfigurationException naming what is missing or wrong
         */
        public static SmsChannel create(PortalProperties.Twilio t) {
            String sid = t.getAccountSid();
            String token = t.getAuthToken();
            List<Problem> problems = new ArrayList<>();
            if (token == null || token.isBlank()) {
                problems.add(new Problem("portal.twilio.auth-token", "is required with portal.twilio.account-sid"));
            }
            if ((t.getFrom() == null) == (t.getMessagingService() == null)) {
                problems.add(new Problem(
                        "portal.twilio.from",
                        "give portal.twilio.from or portal.twilio.messaging-service, one of them"));
            }
            if (!problems.isEmpty() || sid == null || token == null) {
                throw new PortalConfigurationException(problems);
            }
            TwilioSmsChannel.Builder b = TwilioSmsChannel.builder(sid.strip(), token.strip());
            if (t.getFrom() != null) {
                b.from(t.getFrom().strip());
            }
            if (t.getMessagingService() != null) {
                b.messagingService(t.getMessagingService().strip());
            }
            if (t.getStatusCallback() != null) {
                b.statusCallback(t.getStatusCallback());
            }
            if (t.getBaseUri() != null) {
                b.baseUri(t.getBaseUri());
            }
            try {
                return b.build();
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new PortalConfigurationException(
                        List.of(new Problem("portal.twilio", String.valueOf(e.getMessage()))));
            }
        }
    }

    /** The Firebase channel, in a class of its own: loaded only when Firebase Admin is on the class path. */
    public static final class Firebase {
        private Firebase() {}

        /**
         * The Firebase Cloud Messaging push channel, with a Firebase app of its own (deleted when the bean is closed).
         *
         * @param f the properties
         * @param resources where the credentials are read from
         * @return the channel
         * @throws PortalConfigurationException naming what is missing or wrong
         */
        public static PushChannel create(PortalProperties.Fcm f, ResourceLoader resources) {
            String project = f.getProjectId();
            String location = f.getCredentials();
            if (location == null || location.isBlank() || project == null) {
                throw new PortalConfigurationException(List.of(new Problem(
                        "portal.fcm.credentials",
                        "is required with portal.fcm.project-id: the location of the service account's JSON key,"
                                + " for example file:/run/secrets/fcm.json")));
            }
            Resource resource = resources.getResource(location.strip());
            GoogleCredentials credentials;
            try (InputStream in = resource.getInputStream()) {
                credentials = GoogleCredentials.fromStream(in);
            } catch (IOException e) {
                throw new PortalConfigurationException(List.of(new Problem(
                        "portal.fcm.credentials",
                        "could not be read as a service account's JSON key ("
                                + e.getClass().getSimpleName() + ")")));
            }
            FirebasePushChannel.Builder b = FirebasePushChannel.builder(credentials, project.strip());
            if (f.getEndpoint() != null) {
                b.endpoint(f.getEndpoint());
            }
            try {
                return b.build();
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new PortalConfigurationException(
                        List.of(new Problem("portal.fcm", String.valueOf(e.getMessage()))));
            }
        }
    }

    /** What {@code spring.mail.*} says, in the names of Boot's {@code MailProperties}. */
    public static final class SpringMail {
        private @Nullable String host;
        private @Nullable Integer port;
        private @Nullable String username;
        private @Nullable String password;
        private @Nullable String protocol;
        private final Map<String, String> properties = new LinkedHashMap<>();

        /** Empty settings, for the binder. */
        public SpringMail() {}

        /**
         * The host.
         *
         * @return the host
         */
        public @Nullable String getHost() {
            return host;
        }

        /**
         * Sets the host.
         *
         * @param host the host
         */
        public void setHost(@Nullable String host) {
            this.host = host;
        }

        /**
         * The port.
         *
         * @return the port
         */
        public @Nullable Integer getPort() {
            return port;
        }

        /**
         * Sets the port.
         *
         * @param port the port
         */
        public void setPort(@Nullable Integer port) {
            this.port = port;
        }

        /**
         * The login.
         *
         * @return the login
         */
        public @Nullable String getUsername() {
            return username;
        }

        /**
         * Sets the login.
         *
         * @param username the login
         */
        public void setUsername(@Nullable String username) {
            this.username = username;
        }

        /**
         * The password.
         *
         * @return the password
         */
        public @Nullable String getPassword() {
            return password;
        }

        /**
         * Sets the password.
         *
         * @param password the password
         */
        public void setPassword(@Nullable String password) {
            this.password = password;
        }

        /**
         * The protocol.
         *
         * @return smtp or smtps
         */
        public @Nullable String getProtocol() {
            return protocol;
        }

        /**
         * Sets the protocol.
         *
         * @param protocol smtp or smtps
         */
        public void setProtocol(@Nullable String protocol) {
            this.protocol = protocol;
        }

        /**
         * The session properties.
         *
         * @return the properties, modifiable
         */
        public Map<String, String> getProperties() {
            return properties;
        }
    }
}
