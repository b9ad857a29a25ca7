package dev.patientportal.notify.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.notify.spi.SmsMessage;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Sends SMS with the Twilio SDK (Programmable Messaging): from a sender number or a messaging service, with an
 * optional status-callback URL (validate the callbacks with {@link TwilioSignatureValidator}).
 *
 * <p>Results: {@link DeliveryResult.Sent} with the message SID; {@link DeliveryResult.RetryLater} for 5xx, 429
 * (honouring {@code Retry-After}), 401/403 (credentials the host can fix), timeouts and refused connections;
 * {@link DeliveryResult.FailedPermanently} for an invalid or non-mobile number
 * ({@link DeliveryResult.FailureReason#INVALID_NUMBER}), an opted-out recipient
 * ({@link DeliveryResult.FailureReason#OPTED_OUT}) and any other 4xx ({@link DeliveryResult.FailureReason#REJECTED}).
 *
 * <pre>{@code
 * SmsChannel sms = TwilioSmsChannel.builder(accountSid, authToken)
 *         .messagingService("MG00000000000000000000000000000000")   // or .from("+15005550006")
 *         .statusCallback(URI.create("https://portal.example.org/twilio/status"))
 *         .build();
 * }</pre>
 *
 * <p>For tests against a local stand-in of Twilio's API, {@link Builder#baseUri(URI)} sends the SDK's real requests
 * there instead of {@code https://api.twilio.com}:
 *
 * <pre>{@code
 * SmsChannel sms = TwilioSmsChannel.builder("AC" + "0".repeat(32), "test-token").from("+15005550006")
 *         .baseUri(URI.create("http://127.0.0.1:" + localServer.port()))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe. Twilio and its HTTP client are optional dependencies: add {@code com.twilio.sdk:twilio} to use this.
 */
public final class TwilioSmsChannel implements SmsChannel {
    /** Twilio error codes that mean the number can never receive this SMS. */
    private static final Set<Integer> INVALID_NUMBER = Set.of(21211, 21214, 21217, 21401, 21407, 21612, 21614);
    /** Twilio error code: the recipient replied STOP. */
    private static final int OPTED_OUT = 21610;

    private final TwilioRestClient client;
    private final RetryAfterRecorder recorder;
    private final @Nullable String from;
    private final @Nullable String messagingService;
    private final @Nullable URI statusCallback;

    private TwilioSmsChannel(Builder b) {
        this.recorder = new RetryAfterRecorder(b.httpClient != null ? b.httpClient : networkClient(b), b.baseUri);
        this.client = new TwilioRestClient.Builder(b.accountSid, b.authToken)
                .httpClient(recorder)
                .build();
        this.from = b.from;
        this.messagingService = b.messagingService;
        this.statusCallback = b.statusCallback;
    }

    /**
     * Starts a channel.
     *
     * @param accountSid the account SID ({@code AC...})
     * @param authToken the auth token
     * @return a builder
     */
    public static Builder builder(String accountSid, String authToken) {
        return new Builder(accountSid, authToken);
    }

    @Override
    public DeliveryResult send(SmsMessage message) {
        Objects.requireNonNull(message, "message");
        com.twilio.type.PhoneNumber to =
                new com.twilio.type.PhoneNumber(message.to().e164());
        MessageCreator creator = from != null
                ? Message.creator(to, new com.twilio.type.PhoneNumber(from), message.text())
                : Message.creator(to, Objects.requireNonNull(messagingService), message.text());
        if (statusCallback != null) {
            creator.setStatusCallback(statusCallback);
        }
        recorder.clear();
        try {
            Message sent = creator.create(client);
            return DeliveryResult.sent(sent.getSid());
        } catch (ApiException e) {
            return classify(e, recorder.retryAfter());
        } catch (ApiConnectionException e) {
            return DeliveryResult.retryLater(null, transport(e));
        } catch (TwilioException e) {
            return DeliveryResult.retryLater(null, "twilio-error");
        } finally {
            recorder.clear();
        }
    }

    static DeliveryResult classify(ApiException e, @Nullable Duration retryAfter) {
        Integer status = e.getStatusCode();
        if (status == null) {
            return DeliveryResult.retryLater(null, transport(e)); // NetworkHttpClient wraps I/O failures like this
        }
        Integer code = e.getCode();
        String detail = code != null ? "twilio-" + code : "http-" + status;
        if (status == 429 || status >= 500) {
            return DeliveryResult.retryLater(retryAfter, "http-" + status);
        }
        if (status == 401 || status == 403) {
            return DeliveryResult.retryLater(null, "http-" + status);
        }
        if (code != null && code == OPTED_OUT) {
            return DeliveryResult.failed(DeliveryResult.FailureReason.OPTED_OUT, detail);
        }
        if (code != null && INVALID_NUMBER.contains(code)) {
            return DeliveryResult.failed(DeliveryResult.FailureReason.INVALID_NUMBER, detail);
        }
        return DeliveryResult.failed(DeliveryResult.FailureReason.REJECTED, detail);
    }

    private static String transport(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
                return "timeout";
            }
            if (t instanceof ConnectException) {
                return "connection-refused";
            }
        }
        return "connection-failed";
    }

    private static HttpClient networkClient(Builder b) {
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(b.connectTimeout))
                .setSocketTimeout(Timeout.of(b.readTimeout))
                .build();
        HttpClientBuilder http = HttpClientBuilder.create()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(connection)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(b.readTimeout))
                        .build());
        return new NetworkHttpClient(http);
    }

    /**
     * Passes requests to the real client and remembers, per thread, the {@code Retry-After} of the last response:
     * Twilio's exceptions do not carry response headers.
     */
    private static final class RetryAfterRecorder extends HttpClient {
        private final HttpClient delegate;
        private final @Nullable URI baseUri;
        // Per channel, not static: each channel's client records its own responses.
        @SuppressWarnings("ThreadLocalUsage")
        private final ThreadLocal<@Nullable Duration> retryAfter = new ThreadLocal<>();

        RetryAfterRecorder(HttpClient delegate, @Nullable URI baseUri) {
            this.delegate = delegate;
            this.baseUri = baseUri;
        }

        @Override
        public Response makeRequest(Request request) {
            URI base = baseUri;
            Response response = delegate.makeRequest(base != null ? rebase(request, base) : request);
            retryAfter.set(null);
            if (response != null && response.getHeaders() != null) {
                for (Header h : response.getHeaders()) {
                    if ("Retry-After".equalsIgnoreCase(h.getName())) {
                        retryAfter.set(parseRetryAfter(h.getValue()));
                    }
                }
            }
            return response;
        }

        @Nullable
        Duration retryAfter() {
            return retryAfter.get();
        }

        void clear() {
            retryAfter.remove();
        }
    }

    /** The same request, addressed to {@code base} (its scheme, host, port and path prefix) instead of Twilio's host. */
    static Request rebase(Request request, URI base) {
        String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        String path = URI.create(request.getUrl()).getRawPath();
        Request copy = new Request(
                request.getMethod(),
                base.getScheme() + "://" + base.getRawAuthority() + prefix + (path == null ? "" : path));
        request.getQueryParams().forEach((name, values) -> values.forEach(v -> copy.addQueryParam(name, v)));
        request.getPostParams().forEach((name, values) -> values.forEach(v -> copy.addPostParam(name, v)));
        request.getHeaderParams().forEach((name, values) -> values.forEach(v -> copy.addHeaderParam(name, v)));
        if (request.getAuthStrategy() != null) {
            copy.setAuth(request.getAuthStrategy());
        } else if (request.getUsername() != null) {
            copy.setAuth(request.getUsername(), request.getPassword());
        }
        if (request.getContentType() != null) {
            copy.setContentType(request.getContentType());
        }
        if (request.getBody() != null) {
            copy.setBody(request.getBody());
        }
        if (request.getFormParameters() != null) {
            copy.setFormParameters(request.getFormParameters());
        }
        if (request.getUserAgentExtensions() != null) {
            copy.setUserAgentExtensions(request.getUserAgentExtensions());
        }
        return copy;
    }

    static @Nullable Duration parseRetryAfter(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null; // an HTTP date: rare from Twilio; the caller's back-off applies
        }
    }

    /** Builds a {@link TwilioSmsChannel}; {@link #build()} reports every problem at once. Not thread-safe. */
    public static final class Builder {
        private final String accountSid;
        private final String authToken;
        private @Nullable String from;
        private @Nullable String messagingService;
        private @Nullable URI statusCallback;
        private @Nullable HttpClient httpClient;
        private @Nullable URI baseUri;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(15);

        private Builder(String accountSid, String authToken) {
            this.accountSid = Objects.requireNonNull(accountSid, "accountSid");
            this.authToken = Objects.requireNonNull(authToken, "authToken");
        }

        /**
         * Sends from a Twilio phone number. Use this or {@link #messagingService(String)}.
         *
         * @param number the sender number in E.164 form, or an alphanumeric sender id
         * @return this builder
         */
        public Builder from(String number) {
            this.from = Objects.requireNonNull(number, "number");
            return this;
        }

        /**
         * Sends through a messaging service, which picks the sender. Use this or {@link #from(String)}.
         *
         * @param serviceSid the messaging service SID ({@code MG...})
         * @return this builder
         */
        public Builder messagingService(String serviceSid) {
            this.messagingService = Objects.requireNonNull(serviceSid, "serviceSid");
            return this;
        }

        /**
         * Asks Twilio to post delivery status to a URL; check each post with {@link TwilioSignatureValidator}.
         *
         * @param url an https URL of the host
         * @return this builder
         */
        public Builder statusCallback(URI url) {
            this.statusCallback = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Sets the timeouts of the default HTTP client.
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
         * Sends the SDK's requests to another address than {@code https://api.twilio.com}: a local stand-in for tests,
         * or a gateway. The request paths ({@code /2010-04-01/Accounts/{sid}/Messages.json}) are kept, after the
         * base's own path if it has one; credentials go along, so the base must be {@code https}, or {@code http} on
         * a loopback host.
         *
         * @param base for example {@code http://127.0.0.1:8089}
         * @return this builder
         */
        public Builder baseUri(URI base) {
            this.baseUri = Objects.requireNonNull(base, "base");
            return this;
        }

        /**
         * Replaces the SDK's HTTP client, for a proxy. The timeouts of {@link #timeouts(Duration, Duration)} do not
         * apply to it. To test against a local server, {@link #baseUri(URI)} is enough.
         *
         * @param client the client
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Builds the channel.
         *
         * @return the channel
         * @throws IllegalStateException naming every problem
         */
        public TwilioSmsChannel build() {
            List<String> problems = new ArrayList<>();
            if (!accountSid.startsWith("AC") || accountSid.length() != 34) {
                problems.add("accountSid must be an account SID (AC + 32 characters)");
            }
            if (authToken.isBlank()) {
                problems.add("authToken is required");
            }
            if ((from == null) == (messagingService == null)) {
                problems.add("give either from(number) or messagingService(sid), exactly one of them");
            }
            if (connectTimeout.isNegative()
                    || connectTimeout.isZero()
                    || readTimeout.isNegative()
                    || readTimeout.isZero()) {
                problems.add("timeouts must be positive");
            }
            if (statusCallback != null
                    && !"https".equals(statusCallback.getScheme())
                    && !"http".equals(statusCallback.getScheme())) {
                problems.add("statusCallback must be an http(s) URL");
            }
            URI base = baseUri;
            if (base != null && !isSafeBase(base)) {
                problems.add("baseUri must be an absolute https URL, or http on a loopback host, without query or"
                        + " fragment");
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Invalid Twilio settings: " + String.join("; ", problems));
            }
            return new TwilioSmsChannel(this);
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
