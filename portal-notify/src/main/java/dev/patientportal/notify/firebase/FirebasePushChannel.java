package dev.patientportal.notify.firebase;

import com.google.firebase.ErrorCode;
import com.google.firebase.FirebaseApp;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>Thread-safe. Firebase Admin is an optional dependency: add {@code com.google.firebase:firebase-admin} (without
 * Cloud Storage and Firestore) and {@code com.google.http-client:google-http-client-jackson2} to use this.
 */
public final class FirebasePushChannel implements PushChannel {
    /** The most tokens FCM takes in one multicast. */
    public static final int MAX_BATCH = 500;

    private final FirebaseMessaging messaging;

    private FirebasePushChannel(FirebaseMessaging messaging) {
        this.messaging = messaging;
    }

    /**
     * Creates the channel for an initialised app.
     *
     * @param app the Firebase app, with credentials and project id
     * @return the channel
     */
    public static FirebasePushChannel create(FirebaseApp app) {
        return new FirebasePushChannel(FirebaseMessaging.getInstance(Objects.requireNonNull(app, "app")));
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
                    .setNotification(Notification.builder().setTitle(message.title()).setBody(message.body()).build())
                    .putAllData(message.data())
                    .build();
            try {
                BatchResponse response = messaging.sendEachForMulticast(multicast);
                for (SendResponse r : response.getResponses()) {
                    FirebaseMessagingException failure = r.getException();
                    results.add(r.isSuccessful() || failure == null
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
                case UNREGISTERED -> DeliveryResult.failed(DeliveryResult.FailureReason.UNREGISTERED_TOKEN,
                        "fcm-unregistered");
                case INVALID_ARGUMENT -> DeliveryResult.failed(DeliveryResult.FailureReason.REJECTED,
                        "fcm-invalid-argument");
                case SENDER_ID_MISMATCH -> DeliveryResult.failed(DeliveryResult.FailureReason.REJECTED,
                        "fcm-sender-id-mismatch");
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
}
