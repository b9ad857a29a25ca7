package dev.patientportal.spring.boot;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code portal.*} properties: what {@link dev.patientportal.jpa.JpaPortal.Builder} takes that a properties file
 * can say. Checked at start-up; a missing or wrong one stops the start with a message that names it. Keys are in the
 * forms of {@code docs/security.md}, so they can come from the environment:
 * {@code portal.keys.codes=${PORTAL_CODE_KEYS}}.
 */
@ConfigurationProperties("portal")
public class PortalProperties {
    /** Whether the starter wires the portal. */
    private boolean enabled = true;

    /**
     * Whether this host runs exactly one node, so that missing keys may be random ones of this process (logins in
     * progress end at a restart). For demos, tests and small single installations.
     */
    private boolean singleNode;

    /** How often the expired login state is purged, on every node; 0 turns the schedule off. */
    private Duration housekeepingInterval = Duration.ofHours(1);

    /**
     * How long audit events are kept (an ISO-8601 period such as {@code P10Y}); older ones are deleted by the
     * housekeeping, and the chain verifies from the cut. Unset: kept forever.
     */
    private @Nullable Period auditRetention;

    private final Health health = new Health();
    private final Institution institution = new Institution();
    private final Keys keys = new Keys();
    private final Dispatcher dispatcher = new Dispatcher();
    private final Sms sms = new Sms();
    private final Mail mail = new Mail();
    private final Twilio twilio = new Twilio();
    private final Fcm fcm = new Fcm();
    private final Migrations migrations = new Migrations();

    /** Creates the properties with their defaults; Spring binds the rest. */
    public PortalProperties() {}

    /**
     * Whether the starter wires the portal.
     *
     * @return {@code true} by default
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether the starter wires the portal.
     *
     * @param enabled whether it does
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Whether this host runs one node.
     *
     * @return {@code false} by default
     */
    public boolean isSingleNode() {
        return singleNode;
    }

    /**
     * Sets whether this host runs one node.
     *
     * @param singleNode whether it does
     */
    public void setSingleNode(boolean singleNode) {
        this.singleNode = singleNode;
    }

    /**
     * How often the housekeeping runs.
     *
     * @return the interval; zero for none
     */
    public Duration getHousekeepingInterval() {
        return housekeepingInterval;
    }

    /**
     * Sets how often the housekeeping runs.
     *
     * @param housekeepingInterval the interval; zero for none
     */
    public void setHousekeepingInterval(Duration housekeepingInterval) {
        this.housekeepingInterval = housekeepingInterval;
    }

    /**
     * How long audit events are kept.
     *
     * @return the period, or {@code null} to keep them forever
     */
    public @Nullable Period getAuditRetention() {
        return auditRetention;
    }

    /**
     * Sets how long audit events are kept.
     *
     * @param auditRetention the period, or {@code null} to keep them forever
     */
    public void setAuditRetention(@Nullable Period auditRetention) {
        this.auditRetention = auditRetention;
    }

    /**
     * The health indicator's settings.
     *
     * @return them
     */
    public Health getHealth() {
        return health;
    }

    /**
     * The institution.
     *
     * @return its settings
     */
    public Institution getInstitution() {
        return institution;
    }

    /**
     * The keys.
     *
     * @return the keys
     */
    public Keys getKeys() {
        return keys;
    }

    /**
     * The outbox dispatcher's tuning.
     *
     * @return the settings
     */
    public Dispatcher getDispatcher() {
        return dispatcher;
    }

    /**
     * SMS pricing.
     *
     * @return the settings
     */
    public Sms getSms() {
        return sms;
    }

    /**
     * The SMTP server, when not {@code spring.mail.*}.
     *
     * @return the settings
     */
    public Mail getMail() {
        return mail;
    }

    /**
     * The Twilio SMS channel.
     *
     * @return the settings
     */
    public Twilio getTwilio() {
        return twilio;
    }

    /**
     * The Firebase Cloud Messaging push channel.
     *
     * @return the settings
     */
    public Fcm getFcm() {
        return fcm;
    }

    /**
     * The portal's schema migrations.
     *
     * @return the settings
     */
    public Migrations getMigrations() {
        return migrations;
    }

    /** The outbox health indicator ({@code portalOutbox}), with Spring Boot's health support on the class path. */
    public static class Health {
        /**
         * How long the oldest due notification may wait before the outbox reports DOWN (a parked message always
         * does).
         */
        private Duration outboxMaxDueAge = Duration.ofMinutes(5);

        /** Creates the settings with their defaults. */
        public Health() {}

        /**
         * How long the oldest due notification may wait.
         *
         * @return the limit, 5 minutes by default
         */
        public Duration getOutboxMaxDueAge() {
            return outboxMaxDueAge;
        }

        /**
         * Sets how long the oldest due notification may wait.
         *
         * @param outboxMaxDueAge the limit
         */
        public void setOutboxMaxDueAge(Duration outboxMaxDueAge) {
            this.outboxMaxDueAge = outboxMaxDueAge;
        }
    }

    /** The one institution the portal serves. */
    public static class Institution {
        /** The institution's id, as the host's records name it. */
        private @Nullable String id;

        /** The institution's name, as messages show it. */
        private @Nullable String name;

        /** The link to the portal that messages carry: https, or http on a loopback host. */
        private @Nullable URI portalUrl;

        /**
         * The institution's time zone, for example Europe/Budapest: appointment times in messages are shown in it.
         * Required; there is no default, since a silent UTC shows times hours off.
         */
        private @Nullable String zone;

        /** The language when the patient's has no templates, for example hu. */
        private String defaultLocale = "en";

        /** The app whose registered devices get push notifications; none by default. */
        private @Nullable String pushApp;

        /** The most SMS may cost a month, in the currency of portal.sms.price-per-segment; no limit by default. */
        private @Nullable BigDecimal smsMonthlyBudget;

        /** Creates empty settings. */
        public Institution() {}

        /**
         * The id.
         *
         * @return the id, or {@code null} when not set
         */
        public @Nullable String getId() {
            return id;
        }

        /**
         * Sets the id.
         *
         * @param id the id
         */
        public void setId(@Nullable String id) {
            this.id = id;
        }

        /**
         * The name.
         *
         * @return the name, or {@code null} when not set
         */
        public @Nullable String getName() {
            return name;
        }

        /**
         * Sets the name.
         *
         * @param name the name
         */
        public void setName(@Nullable String name) {
            this.name = name;
        }

        /**
         * The portal's link.
         *
         * @return the link, or {@code null} when not set
         */
        public @Nullable URI getPortalUrl() {
            return portalUrl;
        }

        /**
         * Sets the portal's link.
         *
         * @param portalUrl the link
         */
        public void setPortalUrl(@Nullable URI portalUrl) {
            this.portalUrl = portalUrl;
        }

        /**
         * The time zone.
         *
         * @return the zone id, or {@code null} when not set
         */
        public @Nullable String getZone() {
            return zone;
        }

        /**
         * Sets the time zone.
         *
         * @param zone a zone id
         */
        public void setZone(@Nullable String zone) {
            this.zone = zone;
        }

        /**
         * The default language.
         *
         * @return a language tag
         */
        public String getDefaultLocale() {
            return defaultLocale;
        }

        /**
         * Sets the default language.
         *
         * @param defaultLocale a language tag
         */
        public void setDefaultLocale(String defaultLocale) {
            this.defaultLocale = defaultLocale;
        }

        /**
         * The push app.
         *
         * @return the app, or {@code null} for no push
         */
        public @Nullable String getPushApp() {
            return pushApp;
        }

        /**
         * Sets the push app.
         *
         * @param pushApp the app
         */
        public void setPushApp(@Nullable String pushApp) {
            this.pushApp = pushApp;
        }

        /**
         * The monthly SMS budget.
         *
         * @return the budget, or {@code null} for none
         */
        public @Nullable BigDecimal getSmsMonthlyBudget() {
            return smsMonthlyBudget;
        }

        /**
         * Sets the monthly SMS budget.
         *
         * @param smsMonthlyBudget the budget
         */
        public void setSmsMonthlyBudget(@Nullable BigDecimal smsMonthlyBudget) {
            this.smsMonthlyBudget = smsMonthlyBudget;
        }
    }

    /** The server keys, the same on every node (docs/security.md). Never logged, never quoted in an error. */
    public static class Keys {
        /**
         * The login code key ring: id:base64 entries separated by commas, the current key first, for example
         * ${PORTAL_CODE_KEYS}. Required unless portal.single-node.
         */
        private @Nullable String codes;

        /**
         * The pseudonym key, id:base64 (at least 32 bytes), for example ${PORTAL_PSEUDONYM_KEY}: lockout and
         * send-limit counters and the grants' identity index. Required unless portal.single-node.
         */
        private @Nullable String pseudonym;

        /**
         * The audit keys, id:base64 entries separated by commas, the current key first, for example
         * ${PORTAL_AUDIT_KEYS}: links the audit trail into a tamper-evident chain. Without them events are numbered
         * but not linked, and there is no AuditVerifier bean.
         */
        private @Nullable String audit;

        /** Creates empty settings. */
        public Keys() {}

        /**
         * The code key ring.
         *
         * @return its text, or {@code null} when not set
         */
        public @Nullable String getCodes() {
            return codes;
        }

        /**
         * Sets the code key ring.
         *
         * @param codes its text
         */
        public void setCodes(@Nullable String codes) {
            this.codes = codes;
        }

        /**
         * The pseudonym key.
         *
         * @return its text, or {@code null} when not set
         */
        public @Nullable String getPseudonym() {
            return pseudonym;
        }

        /**
         * Sets the pseudonym key.
         *
         * @param pseudonym its text
         */
        public void setPseudonym(@Nullable String pseudonym) {
            this.pseudonym = pseudonym;
        }

        /**
         * The audit keys.
         *
         * @return their text, or {@code null} when not set
         */
        public @Nullable String getAudit() {
            return audit;
        }

        /**
         * Sets the audit keys.
         *
         * @param audit their text
         */
        public void setAudit(@Nullable String audit) {
            this.audit = audit;
        }

        @Override
        public String toString() {
            return "Keys[codes=" + (codes != null ? "***" : "unset") + ", pseudonym="
                    + (pseudonym != null ? "***" : "unset") + ", audit=" + (audit != null ? "***" : "unset") + "]";
        }
    }

    /** The outbox dispatcher's tuning; each unset value keeps OutboxDispatcher's default. */
    public static class Dispatcher {
        /** How many messages one claim takes, 1 to 1000 (default 20). */
        private @Nullable Integer batchSize;

        /** How long the poller waits between claims unless a commit wakes it (default 1s). */
        private @Nullable Duration pollInterval;

        /** How long a claim holds its messages (default 2m). */
        private @Nullable Duration lease;

        /** How many attempts a message gets before it is parked (default 8). */
        private @Nullable Integer maxAttempts;

        /** The first retry's delay, doubled for each further one (default 10s). */
        private @Nullable Duration backoffBase;

        /** The longest retry delay (default 1h). */
        private @Nullable Duration backoffMax;

        /** How many deliveries run at once on this node, 1 to 256 (default 2). */
        private @Nullable Integer threads;

        /** How long a shutdown waits for deliveries in flight (default 30s). */
        private @Nullable Duration shutdownTimeout;

        /** Whether the dispatcher listens for commits of every node on PostgreSQL (default true). */
        private @Nullable Boolean listen;

        /** Creates empty settings. */
        public Dispatcher() {}

        /**
         * The batch size.
         *
         * @return the size, or {@code null} for the default
         */
        public @Nullable Integer getBatchSize() {
            return batchSize;
        }

        /**
         * Sets the batch size.
         *
         * @param batchSize the size
         */
        public void setBatchSize(@Nullable Integer batchSize) {
            this.batchSize = batchSize;
        }

        /**
         * The poll interval.
         *
         * @return the interval, or {@code null} for the default
         */
        public @Nullable Duration getPollInterval() {
            return pollInterval;
        }

        /**
         * Sets the poll interval.
         *
         * @param pollInterval the interval
         */
        public void setPollInterval(@Nullable Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        /**
         * The lease.
         *
         * @return the lease, or {@code null} for the default
         */
        public @Nullable Duration getLease() {
            return lease;
        }

        /**
         * Sets the lease.
         *
         * @param lease the lease
         */
        public void setLease(@Nullable Duration lease) {
            this.lease = lease;
        }

        /**
         * The attempts.
         *
         * @return the attempts, or {@code null} for the default
         */
        public @Nullable Integer getMaxAttempts() {
            return maxAttempts;
        }

        /**
         * Sets the attempts.
         *
         * @param maxAttempts the attempts
         */
        public void setMaxAttempts(@Nullable Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        /**
         * The first retry delay.
         *
         * @return the delay, or {@code null} for the default
         */
        public @Nullable Duration getBackoffBase() {
            return backoffBase;
        }

        /**
         * Sets the first retry delay.
         *
         * @param backoffBase the delay
         */
        public void setBackoffBase(@Nullable Duration backoffBase) {
            this.backoffBase = backoffBase;
        }

        /**
         * The longest retry delay.
         *
         * @return the delay, or {@code null} for the default
         */
        public @Nullable Duration getBackoffMax() {
            return backoffMax;
        }

        /**
         * Sets the longest retry delay.
         *
         * @param backoffMax the delay
         */
        public void setBackoffMax(@Nullable Duration backoffMax) {
            this.backoffMax = backoffMax;
        }

        /**
         * The worker threads.
         *
         * @return the count, or {@code null} for the default
         */
        public @Nullable Integer getThreads() {
            return threads;
        }

        /**
         * Sets the worker threads.
         *
         * @param threads the count
         */
        public void setThreads(@Nullable Integer threads) {
            this.threads = threads;
        }

        /**
         * The shutdown timeout.
         *
         * @return the timeout, or {@code null} for the default
         */
        public @Nullable Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        /**
         * Sets the shutdown timeout.
         *
         * @param shutdownTimeout the timeout
         */
        public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        /**
         * Whether to listen on PostgreSQL.
         *
         * @return the choice, or {@code null} for the default
         */
        public @Nullable Boolean getListen() {
            return listen;
        }

        /**
         * Sets whether to listen on PostgreSQL.
         *
         * @param listen the choice
         */
        public void setListen(@Nullable Boolean listen) {
            this.listen = listen;
        }
    }

    /** SMS pricing. */
    public static class Sms {
        /** What one SMS segment costs, for the usage ledger and the monthly budget (default 0). */
        private @Nullable BigDecimal pricePerSegment;

        /** Whether SMS text is rewritten into GSM-7 (accents dropped), 160 characters a segment instead of 70. */
        private boolean transliteration;

        /** Creates empty settings. */
        public Sms() {}

        /**
         * The price of a segment.
         *
         * @return the price, or {@code null} for zero
         */
        public @Nullable BigDecimal getPricePerSegment() {
            return pricePerSegment;
        }

        /**
         * Sets the price of a segment.
         *
         * @param pricePerSegment the price
         */
        public void setPricePerSegment(@Nullable BigDecimal pricePerSegment) {
            this.pricePerSegment = pricePerSegment;
        }

        /**
         * Whether to transliterate.
         *
         * @return {@code false} by default
         */
        public boolean isTransliteration() {
            return transliteration;
        }

        /**
         * Sets whether to transliterate.
         *
         * @param transliteration whether to
         */
        public void setTransliteration(boolean transliteration) {
            this.transliteration = transliteration;
        }
    }

    /**
     * The SMTP server of the e-mail channel. When portal.mail.host is not set, host, port, username, password,
     * protocol and properties come from spring.mail.*; portal.mail.from is needed either way.
     */
    public static class Mail {
        /** The SMTP server's host; when unset, spring.mail.host. */
        private @Nullable String host;

        /** The SMTP server's port (default 587, or spring.mail.port). */
        private @Nullable Integer port;

        /** The login, with portal.mail.password; none by default. */
        private @Nullable String username;

        /** The password. */
        private @Nullable String password;

        /** The sender address of every e-mail; its display name is the institution's name. Required. */
        private @Nullable String from;

        /**
         * The transport security: STARTTLS (required, the default), TLS (SMTPS, usually port 465) or NONE (a relay
         * on the same host or network). From spring.mail.*: TLS for protocol smtps, STARTTLS when
         * mail.smtp.starttls.enable is true, NONE otherwise.
         */
        private @Nullable String security;

        /** The longest wait to connect (default 10s). */
        private @Nullable Duration connectTimeout;

        /** The longest wait for each reply (default 10s). */
        private @Nullable Duration readTimeout;

        /** Further Jakarta Mail session properties (mail.smtp.*), applied last. */
        private final Map<String, String> properties = new LinkedHashMap<>();

        /** Creates empty settings. */
        public Mail() {}

        /**
         * The host.
         *
         * @return the host, or {@code null} when not set
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
         * @return the port, or {@code null} when not set
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
         * @return the login, or {@code null} when not set
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
         * @return the password, or {@code null} when not set
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
         * The sender address.
         *
         * @return the address, or {@code null} when not set
         */
        public @Nullable String getFrom() {
            return from;
        }

        /**
         * Sets the sender address.
         *
         * @param from the address
         */
        public void setFrom(@Nullable String from) {
            this.from = from;
        }

        /**
         * The transport security.
         *
         * @return NONE, STARTTLS or TLS, or {@code null} when not set
         */
        public @Nullable String getSecurity() {
            return security;
        }

        /**
         * Sets the transport security.
         *
         * @param security NONE, STARTTLS or TLS
         */
        public void setSecurity(@Nullable String security) {
            this.security = security;
        }

        /**
         * The connect timeout.
         *
         * @return the timeout, or {@code null} for the default
         */
        public @Nullable Duration getConnectTimeout() {
            return connectTimeout;
        }

        /**
         * Sets the connect timeout.
         *
         * @param connectTimeout the timeout
         */
        public void setConnectTimeout(@Nullable Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        /**
         * The read timeout.
         *
         * @return the timeout, or {@code null} for the default
         */
        public @Nullable Duration getReadTimeout() {
            return readTimeout;
        }

        /**
         * Sets the read timeout.
         *
         * @param readTimeout the timeout
         */
        public void setReadTimeout(@Nullable Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        /**
         * Further session properties.
         *
         * @return the properties, modifiable
         */
        public Map<String, String> getProperties() {
            return properties;
        }

        @Override
        public String toString() {
            return "Mail[host=" + host + ", port=" + port + ", password=" + (password != null ? "***" : "unset") + "]";
        }
    }

    /** The Twilio SMS channel: on when the Twilio SDK is on the class path and portal.twilio.account-sid is set. */
    public static class Twilio {
        /** The account SID, AC and 32 characters. */
        private @Nullable String accountSid;

        /** The auth token. */
        private @Nullable String authToken;

        /** The sender number in E.164 form, or an alphanumeric sender id; or portal.twilio.messaging-service. */
        private @Nullable String from;

        /** The messaging service SID (MG...), which picks the sender; or portal.twilio.from. */
        private @Nullable String messagingService;

        /** The https URL Twilio posts delivery status to; none by default. */
        private @Nullable URI statusCallback;

        /** Another address than https://api.twilio.com, for a local stand-in in tests or a gateway. */
        private @Nullable URI baseUri;

        /** Creates empty settings. */
        public Twilio() {}

        /**
         * The account SID.
         *
         * @return the SID, or {@code null} when not set
         */
        public @Nullable String getAccountSid() {
            return accountSid;
        }

        /**
         * Sets the account SID.
         *
         * @param accountSid the SID
         */
        public void setAccountSid(@Nullable String accountSid) {
            this.accountSid = accountSid;
        }

        /**
         * The auth token.
         *
         * @return the token, or {@code null} when not set
         */
        public @Nullable String getAuthToken() {
            return authToken;
        }

        /**
         * Sets the auth token.
         *
         * @param authToken the token
         */
        public void setAuthToken(@Nullable String authToken) {
            this.authToken = authToken;
        }

        /**
         * The sender.
         *
         * @return the sender, or {@code null} when not set
         */
        public @Nullable String getFrom() {
            return from;
        }

        /**
         * Sets the sender.
         *
         * @param from the sender
         */
        public void setFrom(@Nullable String from) {
            this.from = from;
        }

        /**
         * The messaging service.
         *
         * @return the SID, or {@code null} when not set
         */
        public @Nullable String getMessagingService() {
            return messagingService;
        }

        /**
         * Sets the messaging service.
         *
         * @param messagingService the SID
         */
        public void setMessagingService(@Nullable String messagingService) {
            this.messagingService = messagingService;
        }

        /**
         * The status callback.
         *
         * @return the URL, or {@code null} when not set
         */
        public @Nullable URI getStatusCallback() {
            return statusCallback;
        }

        /**
         * Sets the status callback.
         *
         * @param statusCallback the URL
         */
        public void setStatusCallback(@Nullable URI statusCallback) {
            this.statusCallback = statusCallback;
        }

        /**
         * The base URI.
         *
         * @return the URI, or {@code null} for Twilio's
         */
        public @Nullable URI getBaseUri() {
            return baseUri;
        }

        /**
         * Sets the base URI.
         *
         * @param baseUri the URI
         */
        public void setBaseUri(@Nullable URI baseUri) {
            this.baseUri = baseUri;
        }

        @Override
        public String toString() {
            return "Twilio[accountSid=" + accountSid + ", authToken=" + (authToken != null ? "***" : "unset") + "]";
        }
    }

    /**
     * The Firebase Cloud Messaging push channel: on when Firebase Admin is on the class path and
     * portal.fcm.project-id is set.
     */
    public static class Fcm {
        /** The Firebase project id. */
        private @Nullable String projectId;

        /** Where the service account's JSON key is, a Spring resource location (file:..., classpath:...). */
        private @Nullable String credentials;

        /** Another address than https://fcm.googleapis.com, for a local stand-in in tests or a gateway. */
        private @Nullable URI endpoint;

        /** Creates empty settings. */
        public Fcm() {}

        /**
         * The project id.
         *
         * @return the id, or {@code null} when not set
         */
        public @Nullable String getProjectId() {
            return projectId;
        }

        /**
         * Sets the project id.
         *
         * @param projectId the id
         */
        public void setProjectId(@Nullable String projectId) {
            this.projectId = projectId;
        }

        /**
         * The credentials' location.
         *
         * @return the location, or {@code null} when not set
         */
        public @Nullable String getCredentials() {
            return credentials;
        }

        /**
         * Sets the credentials' location.
         *
         * @param credentials the location
         */
        public void setCredentials(@Nullable String credentials) {
            this.credentials = credentials;
        }

        /**
         * The endpoint.
         *
         * @return the endpoint, or {@code null} for Google's
         */
        public @Nullable URI getEndpoint() {
            return endpoint;
        }

        /**
         * Sets the endpoint.
         *
         * @param endpoint the endpoint
         */
        public void setEndpoint(@Nullable URI endpoint) {
            this.endpoint = endpoint;
        }
    }

    /** The portal's schema migrations. */
    public static class Migrations {
        /**
         * Whether the portal's Flyway migrations run at start-up (with Flyway on the class path), in their own history
         * table portal_schema_history, after the host's own Flyway migrations.
         */
        private boolean enabled = true;

        /** Creates the default settings. */
        public Migrations() {}

        /**
         * Whether the migrations run.
         *
         * @return {@code true} by default
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the migrations run.
         *
         * @param enabled whether they do
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
