package dev.patientportal.notify.firebase;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.ErrorCode;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.IncomingHttpResponse;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.MulticastMessage;
import com.google.firebase.messaging.Notification;
import com.google.firebase.messaging.SendResponse;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.spi.PushChannel;
import dev.patientportal.notify.spi.PushMessage;
import dev.patientportal.notify.spi.PushToken;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Sends push notifications through Firebase Cloud Messaging (HTTP v1) with the Firebase Admin SDK, in batches of at
 * most {@value #MAX_BATCH} tokens ({@code sendEachForMulticast}).
 *
 * <p>Results per token: {@link DeliveryResult.Sent} with FCM's message name; {@link DeliveryResult.FailedPermanently}
 * with {@link DeliveryResult.FailureReason#UNREGISTERED_TOKEN} for {@code UNREGISTERED} (the notifier then removes the
 * token from the device registry) and {@link DeliveryResult.FailureReason#REJECTED} for {@code INVALID_ARGUMENT} and
 * {@code SENDER_ID_MISMATCH}; {@link DeliveryResult.RetryLater} for {@code QUOTA_EXCEEDED} (honouring
 * {@code Retry-After}), {@code UNAVAILABLE}, {@code INTERNAL}, {@code THIRD_PARTY_AUTH_ERROR} and transport failures.
 * The SDK itself retries 503 responses a few times before reporting them.
 *
 * <pre>{@code
 * FirebaseApp app = FirebaseApp.initializeApp(FirebaseOptions.builder()
 *         .setCredentials(GoogleCredentials.fromStream(serviceAccountJson))
 *         .setProjectId("clinic-app")
 *         .setConnectTimeout(5_000).setReadTimeout(10_000)
 *         .build(), "patient-portal");
 * PushChannel push = FirebasePushChannel.create(app);
 * }</pre>
 *
 * <p>Or let the channel make its own app, which {@link #close()} deletes; {@link Builder#endpoint(URI)} points it at a
 * local stand-in of FCM for tests, with credentials that need no Google sign-in:
 *
 * <pre>{@code
 * FirebasePushChannel push = FirebasePushChannel.builder(GoogleCredentials.fromStream(serviceAccountJson), "clinic-app")
 *         .build();
 * FirebasePushChannel local = FirebasePushChannel.builder(
 *                 GoogleCredentials.create(new AccessToken("test", Date.from(Instant.now().plus(Duration.ofHours(1))))),
 *                 "demo-project")
 *         .endpoint(URI.create("http://127.0.0.1:" + localServer.port()))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe. Firebase Admin is an optional dependency: add {@code com.google.firebase:firebase-admin} (without
 * Cloud Storage and Firestore) and {@code com.google.http-client:google-http-client-jackson2} to use this.
 */
public final class FirebasePushChannel implements PushChannel, AutoCloseable {
    /** The most tokens FCM takes in one multicast. */
    public static final int MAX_BATCH = 500;

    private static final AtomicInteger APPS = new AtomicInteger();

    private final FirebaseMessaging messaging;
    private final @Nullable FirebaseApp ownApp;

    private FirebasePushChannel(FirebaseMessaging messaging, @Nullable FirebaseApp ownApp) {
        this.messaging = messaging;
        this.ownApp = ownApp;
    }

    /**
     * Creates the channel for an initialised app.
     *
     * @param app the Firebase app, with credentials and project id
     * @return the channel
     */
    public static FirebasePushChannel create(FirebaseApp app) {
        return new FirebasePushChannel(FirebaseMessaging.getInstance(Objects.requireNonNull(app, "app")), null);
    }

    /**
     * Starts a channel with a Firebase app of its own.
     *
     * @param credentials the service account's credentials ({@code GoogleCredentials.fromStream(json)})
     * @param projectId the Firebase project id
     * @return a builder
     */
    public static Builder builder(GoogleCredentials credentials, String projectId) {
        return new Builder(credentials, projectId);
    }

    /** Deletes the Firebase app that {@link Builder#build()} made; does nothing for an app given to {@link #create}. */
    @Override
    public void close() {
        FirebaseApp app = ownApp;
        if (app != null) {
            try {
                app.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // idempotent
            }
        }
    }

    @Override
    public List<DeliveryResult> send(PushMessage message, List<PushToken> tokens) {
        Objects.requireNonNull(message, "message");
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("at least one token is required");
        }
        List<DeliveryResult> results = new ArrayList<>(tokens.size());
        for (List<PushToken> batch : batches(tokens)) {
            MulticastMessage multicast = withTokens(MulticastMessage.builder(), batch)
                    .setNotification(Notification.builder()
                            .setTitle(message.title())
                            .setBody(message.body())
                            .build())
                    .putAllData(message.data())
                    .build();
            try {
                BatchResponse response = messaging.sendEachForMulticast(multicast);
                for (SendResponse r : response.getResponses()) {
                    FirebaseMessagingException failure = r.getException();
                    results.add(
                            r.isSuccessful() || failure == null
                                    ? DeliveryResult.sent(Objects.requireNonNullElse(r.getMessageId(), "fcm"))
                                    : classify(failure));
                }
            } catch (FirebaseMessagingException e) {
                DeliveryResult result = classify(e);
                batch.forEach(t -> results.add(result));
            }
        }
        return results;
    }

    /**
     * Addresses registration tokens. Firebase Admin 9.11 deprecates tokens in favour of Firebase installation ids,
     * but the clinic's apps register FCM registration tokens, which FCM HTTP v1 still takes as {@code token}.
     */
    @SuppressWarnings("deprecation")
    private static MulticastMessage.Builder withTokens(MulticastMessage.Builder builder, List<PushToken> batch) {
        return builder.addAllTokens(batch.stream().map(PushToken::value).toList());
    }

    /**
     * Splits tokens into batches FCM accepts.
     *
     * @param tokens the tokens
     * @return consecutive batches of at most {@value #MAX_BATCH}, in order
     */
    static List<List<PushToken>> batches(List<PushToken> tokens) {
        List<List<PushToken>> batches = new ArrayList<>();
        for (int from = 0; from < tokens.size(); from += MAX_BATCH) {
            batches.add(List.copyOf(tokens.subList(from, Math.min(tokens.size(), from + MAX_BATCH))));
        }
        return batches;
    }

    static DeliveryResult classify(FirebaseMessagingException e) {
        MessagingErrorCode code = e.getMessagingErrorCode();
        if (code != null) {
            return switch (code) {
                case UNREGISTERED ->
                    DeliveryResult.failed(DeliveryResult.FailureReason.UNREGISTERED_TOKEN, "fcm-unregistered");
                case INVALID_ARGUMENT ->
                    DeliveryResult.failed(DeliveryResult.FailureReason.REJECTED, "fcm-invalid-argument");
                case SENDER_ID_MISMATCH ->
                    DeliveryResult.failed(DeliveryResult.FailureReason.REJECTED, "fcm-sender-id-mismatch");
                case QUOTA_EXCEEDED -> DeliveryResult.retryLater(retryAfter(e), "fcm-quota-exceeded");
                case UNAVAILABLE -> DeliveryResult.retryLater(retryAfter(e), "fcm-unavailable");
                case INTERNAL -> DeliveryResult.retryLater(retryAfter(e), "fcm-internal");
                case THIRD_PARTY_AUTH_ERROR -> DeliveryResult.retryLater(null, "fcm-third-party-auth");
            };
        }
        ErrorCode general = e.getErrorCode();
        if (general == ErrorCode.INVALID_ARGUMENT) {
            return DeliveryResult.failed(DeliveryResult.FailureReason.REJECTED, "fcm-invalid-argument");
        }
        String reason = general == null ? "fcm-error" : "fcm-" + general.name().toLowerCase(java.util.Locale.ROOT);
        return DeliveryResult.retryLater(retryAfter(e), reason.replace('_', '-'));
    }

    private static @Nullable Duration retryAfter(FirebaseMessagingException e) {
        IncomingHttpResponse response = e.getHttpResponse();
        if (response == null) {
            return null;
        }
        for (Map.Entry<String, Object> header : response.getHeaders().entrySet()) {
            if ("retry-after".equalsIgnoreCase(header.getKey())) {
                Object value = header.getValue();
                if (value instanceof List<?> list && !list.isEmpty()) {
                    value = list.get(0);
                }
                try {
                    long seconds = Long.parseLong(String.valueOf(value).trim());
                    return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
                } catch (NumberFormatException ignored) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Builds a {@link FirebasePushChannel} with an app of its own; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private final GoogleCredentials credentials;
        private final String projectId;
        private @Nullable URI endpoint;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(10);
        private @Nullable String appName;

        private Builder(GoogleCredentials credentials, String projectId) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            this.projectId = Objects.requireNonNull(projectId, "projectId");
        }

        /**
         * Sends every request of the app to another address than {@code https://fcm.googleapis.com}: a local stand-in
         * for tests, or a gateway. Paths ({@code /v1/projects/{id}/messages:send}) are kept, after the endpoint's own
         * path if it has one; the access token goes along, so the endpoint must be {@code https}, or {@code http} on a
         * loopback host. The credentials still fetch their tokens from Google unless they hold one already.
         *
         * @param endpoint for example {@code http://127.0.0.1:8090}
         * @return this builder
         */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * Sets the HTTP timeouts. Defaults: 5 s to connect, 10 s to read.
         *
         * @param connect the longest wait to connect
         * @param read the longest wait for a response
         * @return this builder
         */
        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = Objects.requireNonNull(connect, "connect");
            this.readTimeout = Objects.requireNonNull(read, "read");
            return this;
        }

        /**
         * Names the Firebase app. Default: {@code patient-portal-<n>}.
         *
         * @param name a name no other app of this JVM has
         * @return this builder
         */
        public Builder appName(String name) {
            this.appName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Makes the app and the channel.
         *
         * @return the channel; {@link FirebasePushChannel#close()} deletes its app
         * @throws IllegalStateException naming every problem
         */
        public FirebasePushChannel build() {
            List<String> problems = new ArrayList<>();
            if (projectId.isBlank()) {
                problems.add("projectId is required");
            }
            if (!positiveMillis(connectTimeout) || !positiveMillis(readTimeout)) {
                problems.add("timeouts must be at least 1 ms and fit in an int of milliseconds");
            }
            URI base = endpoint;
            if (base != null && !isSafeBase(base)) {
                problems.add("endpoint must be an absolute https URL, or http on a loopback host, without query or"
                        + " fragment");
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Invalid Firebase settings: " + String.join("; ", problems));
            }
            FirebaseOptions.Builder options = FirebaseOptions.builder()
                    .setCredentials(credentials)
                    .setProjectId(projectId)
                    .setConnectTimeout((int) connectTimeout.toMillis())
                    .setReadTimeout((int) readTimeout.toMillis());
            if (base != null) {
                options.setHttpTransport(new NetHttpTransport.Builder()
                        .setConnectionFactory(url -> rebase(url, base))
                        .build());
            }
            String name = appName != null ? appName : "patient-portal-" + APPS.incrementAndGet();
            FirebaseApp app = FirebaseApp.initializeApp(options.build(), name);
            return new FirebasePushChannel(FirebaseMessaging.getInstance(app), app);
        }

        private static HttpURLConnection rebase(URL url, URI base) throws IOException {
            String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
            URL target = URI.create(base.getScheme() + "://" + base.getRawAuthority() + prefix + url.getFile())
                    .toURL();
            return (HttpURLConnection) target.openConnection(Proxy.NO_PROXY);
        }

        private static boolean positiveMillis(Duration d) {
            return !d.isNegative() && d.toMillis() >= 1 && d.toMillis() <= Integer.MAX_VALUE;
        }

        private static boolean isSafeBase(URI base) {
            String host = base.getHost();
            if (!base.isAbsolute() || host == null || base.getRawQuery() != null || base.getRawFragment() != null) {
                return false;
            }
            boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
            return "https".equals(base.getScheme()) || ("http".equals(base.getScheme()) && loopback);
        }
    }
}
