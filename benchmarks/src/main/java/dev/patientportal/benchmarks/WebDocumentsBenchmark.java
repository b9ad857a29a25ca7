package dev.patientportal.benchmarks;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.core.spi.DocumentQuery;
import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.JpaStores;
import dev.patientportal.jpa.spi.EntityManagerProvider;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.TestPatients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web API's document list, {@code GET /portal/api/documents?limit=20} with a bearer session, next to a bare Spring
 * MVC endpoint of the same application that reads the same first page through the same JPA document store
 * ({@code JpaStores.documents()}, the raw arm of {@link DocumentListingBenchmark}) in one transaction of the same runner
 * and answers the same JSON: no session, no grant check, no audit. One Spring Boot 4 servlet application (Tomcat on a
 * random port, the starter and portal-spring-web on an in-memory H2), one patient with an access grant and
 * {@code documents} visible documents, logged in once per client thread (as from several devices) through the
 * {@link PortalLogin} bean, with the SMS codes caught by an in-process {@link SmsChannel}. The arms run interleaved over
 * real HTTP ({@link HttpClient}, HTTP/1.1 keep-alive, {@code threads} client threads, at most 5: the logins' SMS limit
 * per phone): blocks of {@value #BLOCK} requests per thread, the arms in a random order each round,
 * so both see the same load. Prints each arm's requests per second, p50 and p99, and the ratio; then the same two reads
 * in-process, without HTTP and JSON ({@link Interleaved}), which splits the difference between the portal and HTTP.
 *
 * <p>Run: {@code benchmarks/run.sh main WebDocumentsBenchmark [seconds [documents [threads]]]}, default 60 s, 1,000
 * documents, 4 threads.
 */
public final class WebDocumentsBenchmark {
    static final InstitutionId CLINIC = InstitutionId.of("bench-web");
    static final PatientId PATIENT = PatientId.of("p-web");
    static final int LIMIT = 20;
    /** Requests per client thread and turn of an arm. */
    static final int BLOCK = 50;

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final byte[] PDF = ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                    + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    private WebDocumentsBenchmark() {}

    /** The host: its patient records and booking system, in-process channels, and the bare endpoint. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(BareController.class)
    static class BenchApplication {
        @Bean
        InMemoryPatientDirectory patients() {
            return new InMemoryPatientDirectory();
        }

        @Bean
        InMemoryScheduling scheduling() {
            return new InMemoryScheduling();
        }

        @Bean
        RecordingSms sms() {
            return new RecordingSms();
        }

        @Bean
        EmailChannel email() {
            return message -> DeliveryResult.sent("mail-" + UUID.randomUUID());
        }
    }

    /** The SMS channel: keeps the last text per number, where the login's code is read. */
    static final class RecordingSms implements SmsChannel {
        final Map<String, String> last = new ConcurrentHashMap<>();

        @Override
        public DeliveryResult send(dev.patientportal.notify.spi.SmsMessage message) {
            last.put(message.to().e164(), message.text());
            return DeliveryResult.sent("sms-" + UUID.randomUUID());
        }
    }

    /** A document as the portal's API writes it (portal-spring-web's {@code Json.DocumentBody}). */
    record DocumentBody(
            String id,
            String type,
            String fileName,
            String mediaType,
            long sizeBytes,
            String sha256,
            Instant createdAt) {}

    /** A page as the portal's API writes it (portal-spring-web's {@code Json.PageBody}). */
    record PageBody(List<DocumentBody> items, @Nullable String nextCursor) {}

    /** The baseline: the same page from the same store and runner, without the portal. */
    @RestController
    static class BareController {
        private final TransactionRunner transactions;
        private final DocumentStore store;

        BareController(TransactionRunner transactions, EntityManagerProvider entityManagers) {
            this.transactions = transactions;
            this.store = JpaStores.create(entityManagers).documents();
        }

        @GetMapping(path = "/bench/documents", produces = MediaType.APPLICATION_JSON_VALUE)
        PageBody documents(@RequestParam(defaultValue = "20") int limit) {
            DocumentQuery query =
                    new DocumentQuery(CLINIC, PATIENT, Set.of(DocumentState.VISIBLE), null, null, limit + 1);
            List<Document> found = transactions.inTransaction(() -> store.list(query));
            List<Document> items = found.size() > limit ? found.subList(0, limit) : found;
            String next = found.size() > limit ? cursor(items.get(items.size() - 1)) : null;
            return new PageBody(
                    items.stream()
                            .map(d -> new DocumentBody(
                                    d.id().value(),
                                    d.type().value(),
                                    d.fileName(),
                                    d.mediaType(),
                                    d.sizeBytes(),
                                    d.sha256(),
                                    d.createdAt()))
                            .toList(),
                    next);
        }

        /** The portal's cursor encoding (portal-core's {@code Cursors.after}). */
        private static String cursor(Document last) {
            String raw = last.createdAt() + "|" + last.id().value();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One arm over HTTP: its request, and what it measured. */
    static final class Arm {
        final String name;
        /** The request of each client thread. */
        final List<HttpRequest> requests;

        long[] latencies = new long[1 << 14];
        int count;
        long wallNanos;

        Arm(String name, List<HttpRequest> requests) {
            this.name = name;
            this.requests = requests;
        }

        void add(long[] sample, int n) {
            if (count + n > latencies.length) {
                latencies = Arrays.copyOf(latencies, Math.max(latencies.length * 2, count + n));
            }
            System.arraycopy(sample, 0, latencies, count, n);
            count += n;
        }

        double perSecond() {
            return count / (wallNanos / 1e9);
        }

        double percentile(double p) {
            long[] s = Arrays.copyOf(latencies, count);
            Arrays.sort(s);
            return s.length == 0 ? Double.NaN : s[Math.min(s.length - 1, (int) (p * s.length))] / 1000.0;
        }
    }

    /**
     * Boots the application, seeds it, logs in, and measures.
     *
     * @param args seconds to measure (default 60), documents (default 1,000), client threads (default 4)
     * @throws Exception when a request fails
     */
    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        int documents = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        long started = System.nanoTime();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(properties())
                .run();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
            if (threads > 5) {
                throw new IllegalArgumentException("at most 5 client threads: one login each, 5 SMS an hour per phone");
            }
            List<String> tokens = seed(context, documents, threads);
            System.out.printf(
                    Locale.ROOT,
                    "[web] started, %d documents published and logged in, in %.1f s%n",
                    documents,
                    (System.nanoTime() - started) / 1e9);
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            URI base = URI.create("http://127.0.0.1:" + port);
            // one session per client thread, as one patient's devices: no thread waits on another's session row
            Arm portal = new Arm(
                    "portal /portal/api/documents",
                    tokens.stream()
                            .map(token -> HttpRequest.newBuilder(base.resolve("/portal/api/documents?limit=" + LIMIT))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Accept", "application/json")
                                    .GET()
                                    .build())
                            .toList());
            HttpRequest bareRequest = HttpRequest.newBuilder(base.resolve("/bench/documents?limit=" + LIMIT))
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            Arm bare = new Arm("bare /bench/documents", java.util.Collections.nCopies(threads, bareRequest));
            String portalBody = get(client, portal.requests.get(0));
            String bareBody = get(client, bareRequest);
            if (!portalBody.equals(bareBody) || !portalBody.contains("\"items\":[{")) {
                throw new IllegalStateException(
                        "the arms answer different JSON:\n  portal " + portalBody + "\n  bare   " + bareBody);
            }
            System.out.printf(Locale.ROOT, "[web] both arms answer the same %d bytes of JSON%n", portalBody.length());
            run(client, pool, threads, seconds, List.of(bare, portal));
            System.out.printf(
                    Locale.ROOT,
                    "[web] WebDocuments, %d documents, limit %d, %d client threads, %d s%n",
                    documents,
                    LIMIT,
                    threads,
                    seconds);
            System.out.println("[web]   arm                               requests   req/s     p50 (us)   p99 (us)");
            for (Arm a : List.of(bare, portal)) {
                System.out.printf(
                        Locale.ROOT,
                        "[web]   %-32s %9d %9.0f %10.1f %10.1f%n",
                        a.name,
                        a.count,
                        a.perSecond(),
                        a.percentile(0.5),
                        a.percentile(0.99));
            }
            System.out.printf(
                    Locale.ROOT,
                    "[web]   portal / bare throughput: %.2fx (goal 0.70x)%n",
                    portal.perSecond() / bare.perSecond());
            inProcess(context, tokens.get(0), Math.max(1, seconds / 4));
        } finally {
            pool.shutdownNow();
            context.close();
        }
    }

    private static String[] properties() {
        String h2 = "jdbc:h2:mem:bench_web_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        return new String[] {
            "server.port=0",
            "server.address=127.0.0.1",
            "spring.main.banner-mode=off",
            "logging.level.root=WARN",
            "spring.datasource.url=" + h2,
            "spring.jpa.hibernate.ddl-auto=validate",
            "portal.institution.id=" + CLINIC,
            "portal.institution.name=Bench Clinic",
            "portal.institution.portal-url=https://portal.example.org",
            "portal.institution.zone=Europe/Budapest",
            "portal.keys.codes=2026-12:" + "A".repeat(43) + "=",
            "portal.keys.pseudonym=pseudonym-1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            "portal.keys.audit=audit-1:" + "C".repeat(43) + "=",
            "portal.mail.from=portal@clinic.example",
            "portal.web.session.transport=BEARER"
        };
    }

    /** The patient, the grant, the documents, and {@code logins} logins; returns their bearer tokens. */
    private static List<String> seed(ConfigurableApplicationContext context, int documents, int logins)
            throws InterruptedException {
        PatientPortal portal = context.getBean(PatientPortal.class);
        PatientProfile patient =
                context.getBean(InMemoryPatientDirectory.class).put(TestPatients.next(CLINIC, PATIENT));
        Staff staff =
                Staff.of(CLINIC, StaffId.of("desk"), StaffPermission.GRANT_ACCESS, StaffPermission.UPLOAD_DOCUMENTS);
        portal.administration(staff).grant(patient.patient(), AccessMethod.TAJ_AND_PHONE, false);
        for (int i = 0; i < documents; i++) {
            portal.documents(staff)
                    .publish(DocumentUpload.builder(PATIENT, DocumentType.of(i % 3 == 0 ? "LAB_RESULT" : "REPORT"))
                            .fileName("document-" + i + ".pdf")
                            .content(PDF)
                            .patientAccess(true)
                            .notifyPatient(false)
                            .build());
        }
        PortalLogin login = context.getBean(PortalLogin.class);
        RecordingSms sms = context.getBean(RecordingSms.class);
        RequestContext request = new RequestContext("127.0.0.1", "bench", Locale.ENGLISH);
        String phone = patient.phone().e164();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            sms.last.remove(phone);
            tokens.add(logIn(login, sms, patient, request));
        }
        return tokens;
    }

    private static String logIn(PortalLogin login, RecordingSms sms, PatientProfile patient, RequestContext request)
            throws InterruptedException {
        String phone = patient.phone().e164();
        Challenge challenge = login.start(new TajAndPhone(CLINIC, patient.taj().digits(), phone), request);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String code = null;
        while (code == null) {
            String text = sms.last.get(phone);
            Matcher m = CODE.matcher(text == null ? "" : text);
            if (m.find()) {
                code = m.group(1);
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no SMS code within 30 s");
            } else {
                Thread.sleep(10);
            }
        }
        return login.verify(challenge, Factor.SMS, code, request)
                .session()
                .orElseThrow()
                .token();
    }

    private static String get(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(request.uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /**
     * Interleaved rounds: each round the arms in a random order, each arm a block of requests on every client thread
     * at once; an arm's throughput is its requests over the wall time of its blocks. A tenth of the time (at least 5 s;
     * none for a run of 5 s or less) warms up first.
     */
    private static void run(HttpClient client, ExecutorService pool, int threads, long seconds, List<Arm> arms)
            throws Exception {
        long warmUpEnd = System.nanoTime() + (seconds <= 5 ? 0 : Math.max(5, seconds / 10)) * 1_000_000_000L;
        long end = warmUpEnd + seconds * 1_000_000_000L;
        Random order = new Random(42);
        List<Arm> shuffled = new ArrayList<>(arms);
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
            boolean measuring = now >= warmUpEnd;
            java.util.Collections.shuffle(shuffled, order);
            for (Arm arm : shuffled) {
                List<Callable<long[]>> tasks = new ArrayList<>(threads);
                for (int t = 0; t < threads; t++) {
                    HttpRequest request = arm.requests.get(t);
                    tasks.add(() -> block(client, request));
                }
                long t0 = System.nanoTime();
                List<Future<long[]>> done = pool.invokeAll(tasks);
                long wall = System.nanoTime() - t0;
                for (Future<long[]> f : done) {
                    long[] sample = f.get();
                    if (measuring) {
                        arm.add(sample, sample.length);
                    }
                }
                if (measuring) {
                    arm.wallNanos += wall;
                }
            }
        }
    }

    private static long[] block(HttpClient client, HttpRequest request) throws Exception {
        long[] took = new long[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            took[i] = System.nanoTime() - t0;
            if (r.statusCode() != 200 || r.body().length == 0) {
                throw new IllegalStateException(request.uri().getPath() + " answered " + r.statusCode());
            }
        }
        return took;
    }

    /**
     * The reads without HTTP and JSON, one caller: the store's page; the session resolved (the login's resolver, which
     * touches the session and checks the grant); a view opened ({@code PatientPortal.patient}: resolve and grant); a
     * kept view's page (resolve again, list, audit); and what a request does, open and page.
     */
    private static void inProcess(ConfigurableApplicationContext context, String token, long seconds) throws Exception {
        PatientPortal portal = context.getBean(PatientPortal.class);
        TransactionRunner transactions = context.getBean(TransactionRunner.class);
        DocumentStore store =
                JpaStores.create(context.getBean(EntityManagerProvider.class)).documents();
        DocumentQuery query = new DocumentQuery(CLINIC, PATIENT, Set.of(DocumentState.VISIBLE), null, null, LIMIT + 1);
        RequestContext request = new RequestContext("127.0.0.1", "bench", null);
        PortalLogin login = context.getBean(PortalLogin.class);
        PatientView kept = portal.patient(token, request);
        DocumentFilter first = new DocumentFilter(null, null, LIMIT);
        Interleaved.run(
                "WebDocuments in-process (no HTTP, no JSON), one caller",
                seconds,
                25,
                List.of(
                        Interleaved.Arm.of("storeList", null, x -> transactions.inTransaction(() -> store.list(query))),
                        Interleaved.Arm.of("login.resolve", "storeList", x -> login.resolve(token)),
                        Interleaved.Arm.of("patient(token)", "storeList", x -> portal.patient(token, request)),
                        Interleaved.Arm.of("viewKept.documents", "storeList", x -> kept.documents(first)),
                        Interleaved.Arm.of(
                                "patient(token).documents",
                                "storeList",
                                x -> portal.patient(token, request).documents(first))));
    }
}
