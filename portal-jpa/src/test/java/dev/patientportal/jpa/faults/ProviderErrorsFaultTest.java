package dev.patientportal.jpa.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import dev.patientportal.jpa.NotifyOutboxDelivery;
import dev.patientportal.jpa.OutboxAdmin;
import dev.patientportal.jpa.OutboxDispatcher;
import dev.patientportal.jpa.ResourceLocalTransactionRunner;
import dev.patientportal.jpa.faults.LocalHttpServer.Reply;
import dev.patientportal.jpa.spi.DeliveryOutcome;
import dev.patientportal.notify.Channel;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.firebase.FirebasePushChannel;
import dev.patientportal.notify.spi.PushChannel;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.notify.twilio.TwilioSmsChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Fault 3: Twilio and FCM answering 5xx, 429 and too late, over 2,000 notifications (e-mail, SMS and push each) from
 * two dispatchers. The real Twilio SDK and Firebase Admin SDK talk to local stand-ins of their endpoints; each stand-in
 * follows a fixed script per phone number or device token, so the outcome of every notification is known in advance:
 *
 * <ul>
 *   <li>a 5xx burst: Twilio answers 500 to one whole SDK call (the SDK tries three times), FCM 500 once;
 *   <li>429 with {@code Retry-After: 1} once;
 *   <li>a timeout once: the answer (a success) comes after the client gave up, so the provider did take the message;
 *   <li>always 503 (Twilio) or 500 (FCM): the notification must be parked, its other channels sent once;
 *   <li>FCM only: 503 once, which the Firebase SDK retries by itself.
 * </ul>
 */
@EnabledIfEnvironmentVariable(named = FaultEnvironment.SWITCH, matches = "true")
@Order(Integer.MAX_VALUE - 2)
class ProviderErrorsFaultTest {
    private static final int MESSAGES = 2000;
    private static final int THREADS = 10;
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(1);
    private static final long LATE_MILLIS = 2_500;
    private static final Set<Channel> NEEDS = EnumSet.allOf(Channel.class);
    private static final String ACCOUNT = "AC" + "0123456789abcdef0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a stand-in does to one phone number or device token. */
    enum Script {
        OK,
        BURST_5XX,
        RATE_LIMITED,
        LATE,
        ALWAYS_5XX,
        SDK_RETRIED_503;

        /** The SMS script of the patient with this index: 8% bursts, 8% 429, 4% late, 1% always failing. */
        static Script sms(int i) {
            int r = i % 100;
            return r < 8 ? BURST_5XX : r < 16 ? RATE_LIMITED : r < 20 ? LATE : r < 21 ? ALWAYS_5XX : OK;
        }

        /** The push script, shuffled against the SMS one: as {@link #sms} plus 4% of 503s the SDK retries itself. */
        static Script push(int i) {
            int r = (i * 37 + 11) % 100;
            return r < 8
                    ? BURST_5XX
                    : r < 16 ? RATE_LIMITED : r < 20 ? LATE : r < 21 ? ALWAYS_5XX : r < 25 ? SDK_RETRIED_503 : OK;
        }
    }

    /** One stand-in's memory: requests per recipient, and when each recipient's first failure was answered. */
    private static final class ScriptMemory {
        final Map<UUID, AtomicInteger> requests = new ConcurrentHashMap<>();
        final Map<UUID, Instant> firstFailure = new ConcurrentHashMap<>();
        final AtomicInteger late = new AtomicInteger();

        int next(UUID intent) {
            return requests.computeIfAbsent(intent, k -> new AtomicInteger()).incrementAndGet();
        }

        Reply fail(UUID intent, Reply reply) {
            firstFailure.putIfAbsent(intent, Instant.now());
            return reply;
        }

        void late(UUID intent) {
            firstFailure.putIfAbsent(intent, Instant.now());
            late.incrementAndGet();
        }
    }

    /**
     * What the notifier's SMS and push channels reported, per notification and channel: calls, {@code Sent} results,
     * and failures that took at least the client timeout (a timeout, scripted or not: the provider may have taken the
     * message all the same).
     */
    private static final class Calls {
        final Map<ChannelLog.Key, AtomicInteger> calls = new ConcurrentHashMap<>();
        final Map<ChannelLog.Key, AtomicInteger> sent = new ConcurrentHashMap<>();
        final Map<ChannelLog.Key, AtomicInteger> slowFailures = new ConcurrentHashMap<>();

        SmsChannel sms(SmsChannel channel) {
            return m -> {
                long start = System.nanoTime();
                DeliveryResult r = channel.send(m);
                note(UUID.fromString(m.reference()), Channel.SMS, r, start);
                return r;
            };
        }

        PushChannel push(PushChannel channel) {
            return (m, tokens) -> {
                long start = System.nanoTime();
                List<DeliveryResult> results = channel.send(m, tokens);
                results.forEach(r -> note(UUID.fromString(m.reference()), Channel.PUSH, r, start));
                return results;
            };
        }

        private void note(UUID id, Channel channel, DeliveryResult r, long start) {
            ChannelLog.Key key = new ChannelLog.Key(id, channel);
            calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (r.status() == DeliveryResult.Status.SENT) {
                sent.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            } else if (System.nanoTime() - start >= CLIENT_TIMEOUT.toNanos()) {
                slowFailures.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            }
        }

        static int get(Map<ChannelLog.Key, AtomicInteger> map, UUID id, Channel channel) {
            AtomicInteger n = map.get(new ChannelLog.Key(id, channel));
            return n == null ? 0 : n.get();
        }
    }

    @Test
    @DisplayName("Twilio and FCM answering 5xx, 429 and too late over 2,000 notifications: each delivered or parked as"
            + " scripted, e-mail never repeated, duplicates only where a provider took a message the client gave up on")
    void providerErrors_deliveredOrParkedAsScripted() throws Exception {
        FaultEnvironment.requirePostgres();
        try (FaultSchema schema = FaultSchema.create();
                LocalHttpServer twilio = new LocalHttpServer(32);
                LocalHttpServer fcm = new LocalHttpServer(32)) {
            ResourceLocalTransactionRunner node1 = schema.node(24);
            ResourceLocalTransactionRunner node2 = schema.node(24);
            FaultClinic clinic = new FaultClinic(node1, FaultClinic.Seed.MEMORY, MESSAGES, 1, true, true);
            ChannelLog log = new ChannelLog();
            ScriptMemory smsLog = new ScriptMemory();
            ScriptMemory pushLog = new ScriptMemory();
            Calls calls = new Calls();
            twilio.answer(r -> twilio(clinic, log, smsLog, r));
            fcm.answer(r -> fcm(clinic, log, pushLog, r));
            FirebaseApp app1 = firebaseApp(fcm.port());
            FirebaseApp app2 = firebaseApp(fcm.port());
            try {
                TimedDelivery d1 = new TimedDelivery(
                        NotifyOutboxDelivery.create(notifier(clinic, node1, twilio, app1, log, calls)));
                TimedDelivery d2 = new TimedDelivery(
                        NotifyOutboxDelivery.create(notifier(clinic, node2, twilio, app2, log, calls)));
                OutboxAdmin admin = OutboxAdmin.create(node2);
                clinic.submitAll();

                Instant begin = Instant.now();

                Duration cpuBegin = Figures.processCpu();
                try (OutboxDispatcher a = dispatcher(node1, d1, "providers-a");
                        OutboxDispatcher b = dispatcher(node2, d2, "providers-b")) {
                    a.start();
                    b.start();
                    FaultClinic.awaitSettled(admin, Duration.ofSeconds(240));
                }
                Instant end = Instant.now();
                Duration cpu = Figures.processCpu().minus(cpuBegin);

                FaultClinic.Verdict verdict = clinic.verdict(admin, log, NEEDS);
                Set<UUID> expectParked = new HashSet<>();
                for (int i = 0; i < MESSAGES; i++) {
                    if (Script.sms(i) == Script.ALWAYS_5XX || Script.push(i) == Script.ALWAYS_5XX) {
                        expectParked.add(clinic.intents.get(i).id());
                    }
                }
                assertThat(verdict.parked())
                        .as("parked: exactly the always-failing ones")
                        .containsExactlyInAnyOrderElementsOf(expectParked);
                assertThat(verdict.reasons().values())
                        .allSatisfy(r -> assertThat(r).matches("notify:retry:(SMS=http-503|PUSH=fcm-internal)(/.*)?"));
                Set<UUID> delivered = new HashSet<>(verdict.delivered());
                delivered.removeAll(verdict.parked());
                assertThat(delivered).hasSize(MESSAGES - expectParked.size());

                // The e-mail goes once, whatever SMS and push do: a retry sends only the channels still to do. No
                // channel
                // that reported Sent is sent again. A provider takes a message twice only when its answer was lost: the
                // scripted late answers, and any other call that failed after the client timeout (none on an idle
                // machine; counted as unscripted).
                int unscripted = 0;
                for (int i = 0; i < MESSAGES; i++) {
                    UUID id = clinic.intents.get(i).id();
                    assertThat(log.count(id, Channel.EMAIL))
                            .as("e-mails of message %d", i)
                            .isEqualTo(1);
                    for (Channel c : List.of(Channel.SMS, Channel.PUSH)) {
                        Script script = c == Channel.SMS ? Script.sms(i) : Script.push(i);
                        int expected = script == Script.ALWAYS_5XX ? 0 : 1;
                        assertThat(Calls.get(calls.sent, id, c))
                                .as("%s of message %d reported sent (%s)", c, i, script)
                                .isEqualTo(expected);
                        int taken = log.count(id, c);
                        int scriptedLate = script == Script.LATE ? 1 : 0;
                        int slow = Calls.get(calls.slowFailures, id, c);
                        assertThat(taken)
                                .as("%s of message %d taken (%s)", c, i, script)
                                .isGreaterThanOrEqualTo(expected + scriptedLate)
                                .isLessThanOrEqualTo(expected + Math.max(scriptedLate, slow));
                        unscripted += taken - expected - scriptedLate;
                    }
                }
                int late = smsLog.late.get() + pushLog.late.get();
                assertThat(log.duplicates())
                        .as("duplicates: one per answer lost")
                        .isEqualTo(late + unscripted);
                // The usage ledger counts what the channel reported sent; a lost answer is given back, though the
                // provider took (and will bill) it.
                int smsSent = clinic.intents.stream()
                        .mapToInt(m -> Calls.get(calls.sent, m.id(), Channel.SMS))
                        .sum();
                long ledgered = FaultClinic.smsLedgered(node1, begin, end);
                assertThat(ledgered).as("SMS in the usage ledger").isEqualTo(smsSent);

                Recovery rateLimited = recovery(clinic, log, smsLog, pushLog, Script.RATE_LIMITED);
                Recovery burst = recovery(clinic, log, smsLog, pushLog, Script.BURST_5XX);
                Recovery lateOnes = recovery(clinic, log, smsLog, pushLog, Script.LATE);
                assertThat(rateLimited.min())
                        .as("nothing retried before Retry-After")
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                int retries = d1.count(DeliveryOutcome.Kind.RETRY_LATER) + d2.count(DeliveryOutcome.Kind.RETRY_LATER);
                new Figures(
                                "Twilio and FCM 5xx, 429, timeouts",
                                MESSAGES,
                                delivered.size(),
                                verdict.parked().size(),
                                log.duplicates(),
                                "429 " + rateLimited + "; 5xx " + burst + "; timeout " + lateOnes,
                                LEASE,
                                Duration.between(begin, end),
                                cpu,
                                String.format(
                                        Locale.ROOT,
                                        "%d Twilio and %d FCM requests for %d SMS and %d pushes taken;"
                                                + " %d outbox retries; %d answers scripted too late and %d lost otherwise, each"
                                                + " one duplicate; e-mail once each; usage ledger %d SMS",
                                        twilio.requests(),
                                        fcm.requests(),
                                        countTaken(log, clinic, Channel.SMS),
                                        countTaken(log, clinic, Channel.PUSH),
                                        retries,
                                        late,
                                        unscripted,
                                        ledgered))
                        .report();
            } finally {
                app1.delete();
                app2.delete();
            }
        }
    }

    /** How often the far end takes the message under a script: a late answer was still taken, then sent again. */
    private static int expectedTaken(Script script) {
        return switch (script) {
            case OK, BURST_5XX, RATE_LIMITED, SDK_RETRIED_503 -> 1;
            case LATE -> 2;
            case ALWAYS_5XX -> 0;
        };
    }

    private static int countTaken(ChannelLog log, FaultClinic clinic, Channel channel) {
        return clinic.intents.stream().mapToInt(i -> log.count(i.id(), channel)).sum();
    }

    /**
     * From a scripted failure to the channel's next acceptance of the same message: median, shortest and longest.
     *
     * @param min the shortest
     * @param median the median
     * @param max the longest
     */
    private record Recovery(Duration min, Duration median, Duration max) {
        @Override
        public String toString() {
            return "min " + Figures.seconds(min) + ", p50 " + Figures.seconds(median) + ", max " + Figures.seconds(max);
        }
    }

    private static Recovery recovery(
            FaultClinic clinic, ChannelLog log, ScriptMemory sms, ScriptMemory push, Script script) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            UUID id = clinic.intents.get(i).id();
            if (Script.sms(i) == script && script != Script.LATE) {
                gaps.add(gap(sms, log, id, Channel.SMS));
            }
            if (Script.push(i) == script && script != Script.LATE) {
                gaps.add(gap(push, log, id, Channel.PUSH));
            }
            if (script == Script.LATE) {
                // The first request was taken late; the gap is to the retry's acceptance.
                if (Script.sms(i) == script) {
                    gaps.add(lateGap(sms, log, id, Channel.SMS));
                }
                if (Script.push(i) == script) {
                    gaps.add(lateGap(push, log, id, Channel.PUSH));
                }
            }
        }
        gaps.sort(null);
        return new Recovery(gaps.get(0), gaps.get(gaps.size() / 2), gaps.get(gaps.size() - 1));
    }

    private static Duration gap(ScriptMemory script, ChannelLog log, UUID id, Channel channel) {
        Instant failed = script.firstFailure.get(id);
        assertThat(failed).as("the stand-in failed %s of %s", channel, id).isNotNull();
        return Duration.between(failed, log.acceptances(id, channel).get(0));
    }

    private static Duration lateGap(ScriptMemory script, ChannelLog log, UUID id, Channel channel) {
        return Duration.between(
                script.firstFailure.get(id), log.acceptances(id, channel).get(1));
    }

    /** Twilio's Messages endpoint: the recipient is the form's {@code To}. */
    private static Reply twilio(FaultClinic clinic, ChannelLog log, ScriptMemory memory, LocalHttpServer.Received r) {
        String to = form(r.body()).get("To");
        UUID id = clinic.byPhone(to);
        if (id == null) {
            return Reply.json(404, "{}");
        }
        int n = memory.next(id);
        Reply error500 = twilioError(500, 20500);
        return switch (Script.sms(clinic.indexOf(id))) {
            case BURST_5XX -> n <= 3 ? memory.fail(id, error500) : twilioCreated(log, id);
            case RATE_LIMITED ->
                n == 1
                        ? memory.fail(id, twilioError(429, 20429).withHeader("Retry-After", "1"))
                        : twilioCreated(log, id);
            case LATE -> {
                if (n == 1) {
                    memory.late(id);
                    yield twilioCreated(log, id).delayed(LATE_MILLIS);
                }
                yield twilioCreated(log, id);
            }
            case ALWAYS_5XX -> memory.fail(id, twilioError(503, 20503));
            case OK, SDK_RETRIED_503 -> twilioCreated(log, id);
        };
    }

    private static Reply twilioCreated(ChannelLog log, UUID id) {
        log.accepted(id, Channel.SMS);
        return Reply.json(201, """
                {"sid":"SM%s","account_sid":"%s","status":"queued","num_segments":"1","direction":"outbound-api",
                 "api_version":"2010-04-01"}""".formatted(id.toString().replace("-", ""), ACCOUNT));
    }

    private static Reply twilioError(int status, int code) {
        return Reply.json(status, """
                {"code":%d,"message":"simulated","more_info":"https://www.twilio.com/docs/errors/%d","status":%d}""".formatted(code, code, status));
    }

    /** FCM's HTTP v1 send endpoint: the recipient is {@code message.token}. */
    private static Reply fcm(FaultClinic clinic, ChannelLog log, ScriptMemory memory, LocalHttpServer.Received r) {
        JsonNode message = parse(r.body()).path("message");
        String token = message.path("token").asText();
        UUID id = clinic.byToken(token);
        if (id == null) {
            return fcmError(404, "NOT_FOUND", "UNREGISTERED");
        }
        int n = memory.next(id);
        return switch (Script.push(clinic.indexOf(id))) {
            case BURST_5XX -> n == 1 ? memory.fail(id, fcmError(500, "INTERNAL", "INTERNAL")) : fcmSent(log, id, token);
            case RATE_LIMITED ->
                n == 1
                        ? memory.fail(
                                id,
                                fcmError(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED")
                                        .withHeader("Retry-After", "1"))
                        : fcmSent(log, id, token);
            case LATE -> {
                if (n == 1) {
                    memory.late(id);
                    yield fcmSent(log, id, token).delayed(LATE_MILLIS);
                }
                yield fcmSent(log, id, token);
            }
            case ALWAYS_5XX -> memory.fail(id, fcmError(500, "INTERNAL", "INTERNAL"));
            case SDK_RETRIED_503 ->
                n == 1 ? memory.fail(id, fcmError(503, "UNAVAILABLE", "UNAVAILABLE")) : fcmSent(log, id, token);
            case OK -> fcmSent(log, id, token);
        };
    }

    private static Reply fcmSent(ChannelLog log, UUID id, String token) {
        log.accepted(id, Channel.PUSH);
        return Reply.json(200, "{\"name\":\"projects/demo-project/messages/" + token + "\"}");
    }

    private static Reply fcmError(int status, String grpcStatus, String fcmCode) {
        return Reply.json(status, """
                {"error":{"code":%d,"message":"simulated","status":"%s","details":[
                {"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"%s"}]}}""".formatted(status, grpcStatus, fcmCode));
    }

    private static dev.patientportal.notify.PortalNotifier notifier(
            FaultClinic clinic,
            ResourceLocalTransactionRunner node,
            LocalHttpServer twilio,
            FirebaseApp app,
            ChannelLog log,
            Calls calls) {
        return clinic.notifier(node)
                .email(m -> {
                    log.accepted(UUID.fromString(m.reference()), Channel.EMAIL);
                    return DeliveryResult.sent("mail-" + m.reference());
                })
                .sms(calls.sms(TwilioSmsChannel.builder(ACCOUNT, "test-auth-token")
                        .from("+15005550006")
                        .httpClient(new LoopbackTwilioHttpClient(twilio.port(), CLIENT_TIMEOUT))
                        .build()))
                .push(calls.push(FirebasePushChannel.create(app)))
                .build();
    }

    /** A Firebase app with fake credentials whose HTTP transport goes to the loopback stand-in. */
    private static FirebaseApp firebaseApp(int port) {
        NetHttpTransport transport = new NetHttpTransport.Builder()
                .setConnectionFactory(url -> {
                    try {
                        return (HttpURLConnection) URI.create("http://127.0.0.1:" + port + url.getFile())
                                .toURL()
                                .openConnection(Proxy.NO_PROXY);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .build();
        FirebaseOptions options = FirebaseOptions.builder()
                .setCredentials(GoogleCredentials.create(
                        new AccessToken("fake-access-token", new Date(System.currentTimeMillis() + 3_600_000))))
                .setProjectId("demo-project")
                .setHttpTransport(transport)
                .setConnectTimeout(2_000)
                .setReadTimeout((int) CLIENT_TIMEOUT.toMillis())
                .build();
        return FirebaseApp.initializeApp(options, "faults-" + UUID.randomUUID());
    }

    private static OutboxDispatcher dispatcher(
            ResourceLocalTransactionRunner node, TimedDelivery delivery, String name) {
        return FaultClinic.dispatcher(node, delivery, name, THREADS)
                .batchSize(40)
                .lease(LEASE)
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                .maxAttempts(5)
                .build();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new ConcurrentHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        return out;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
