package dev.patientportal.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.testkit.TestPatients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API over real HTTP, as a clinic's web page and mobile app use it: a Boot application on a random port, driven
 * by {@code java.net.http.HttpClient}, its codes read where they were sent (GreenMail, a local Twilio). Every response
 * the suite receives is checked against the committed OpenAPI document, and the suite's whole log against the
 * personal data it used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebApiTest {
    static final String API = "/portal/api";
    static final byte[] PDF = ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                    + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final AtomicInteger PATIENTS = new AtomicInteger();
    private static final AtomicInteger SLOTS = new AtomicInteger();

    WebHost host;
    Api api;
    /** Every personal value the suite used: none may reach the log. */
    final List<String> personal = new ArrayList<>();

    /** Where this run's lines start in the log file, which earlier runs and suites may have written. */
    long logStart;

    @BeforeAll
    void start() throws IOException {
        Path log = Path.of(WebHost.LOG_FILE);
        logStart = Files.exists(log) ? Files.size(log) : 0;
        host = new WebHost("portal.web.session.transport=BOTH");
        api = new Api(host.base);
        OpenApiContract contract = OpenApiContract.load();
        api.onResponse(e -> contract.validate(e.method(), e.path(), e.status(), e.contentType(), e.text()));
    }

    @AfterAll
    void stopAndScanTheLog() throws IOException {
        host.close();
        // every one of them was checked against docs/openapi.yaml as it arrived
        assertThat(api.exchanges).hasSizeGreaterThan(150);
        System.out.println("WebApiTest: " + api.exchanges.size() + " exchanges, each validated against the document");
        Path log = Path.of(WebHost.LOG_FILE);
        assertThat(log).exists();
        byte[] all = Files.readAllBytes(log);
        String text = new String(all, (int) logStart, all.length - (int) logStart, StandardCharsets.UTF_8);
        assertThat(text).as("the suite logged something").contains("dev.patientportal");
        for (String value : personal) {
            assertThat(text).as("personal data in the log").doesNotContain(value);
        }
    }

    // ---- the clinic's side, through the staff endpoints

    PatientProfile patient() {
        int n = PATIENTS.incrementAndGet();
        PatientProfile t = TestPatients.next(WebHost.CLINIC, PatientId.of("p-web-" + n + "-" + UUID.randomUUID()));
        PatientProfile p = new PatientProfile(
                t.institution(),
                t.patient(),
                "Zsófia" + n,
                "Kővári-Webteszt" + n,
                t.birthDate(),
                t.email(),
                t.phone(),
                t.taj(),
                "Fő utca " + n + ", Szeged",
                t.locale());
        personal.add(p.familyName());
        personal.add(String.valueOf(p.email()).replace("EmailAddress[", "").replace("]", ""));
        personal.add(p.email().value());
        personal.add(p.phone().e164());
        personal.add(p.phone().e164().substring(3));
        personal.add(p.taj().digits());
        personal.add(p.address());
        return host.patients().put(p);
    }

    Api.Call staff(Api.Call call) {
        return call.header(WebHost.STAFF_HEADER, "desk-1");
    }

    JsonNode grant(PatientProfile p, String method, boolean sms) {
        Api.Exchange e = staff(api.post(API + "/staff/patients/" + p.patient().value() + "/grant"))
                .json(Api.map("method", method, "smsNotifications", sms))
                .send();
        assertThat(e.status()).as(e.toString()).isEqualTo(201);
        return e.json();
    }

    JsonNode publish(PatientProfile p, String fileName, boolean visible, boolean notify) {
        personal.add(fileName);
        Api.Exchange e = staff(api.post(API + "/staff/patients/" + p.patient().value() + "/documents"))
                .body(
                        Multipart.CONTENT_TYPE,
                        Multipart.form(
                                fileName,
                                "application/pdf",
                                PDF,
                                Map.of(
                                        "type", "LAB_RESULT",
                                        "patientAccess", String.valueOf(visible),
                                        "notifyPatient", String.valueOf(notify))))
                .send();
        assertThat(e.status()).as(e.toString()).isEqualTo(201);
        return e.json();
    }

    Slot slot(String service, Duration from) {
        Instant start = Instant.now().plus(from).truncatedTo(ChronoUnit.MINUTES);
        return host.scheduling()
                .addSlot(
                        WebHost.CLINIC,
                        new Slot(
                                SlotId.of("s-" + SLOTS.incrementAndGet()),
                                ServiceTypeId.of(service),
                                start,
                                start.plus(Duration.ofMinutes(30))));
    }

    // ---- the patient's side

    Api.Session loginWithEmail(PatientProfile p) {
        int texts = host.texts();
        int mails = host.mails();
        Api.Exchange start = api.post(API + "/login/email-phone")
                .json(Api.map("email", p.email().value(), "phone", p.phone().e164()))
                .send();
        assertThat(start.status()).as(start.toString()).isEqualTo(200);
        String challenge = start.json().get("challengeId").asText();
        assertThat(start.json().get("factors")).extracting(JsonNode::asText).containsExactly("EMAIL", "SMS");
        Api.Exchange first = api.post(API + "/login/challenges/" + challenge + "/verify")
                .json(Api.map(
                        "factor", "EMAIL", "code", host.emailCode(p.email().value(), mails)))
                .send();
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("complete").asBoolean()).isFalse();
        assertThat(first.json().get("remaining")).extracting(JsonNode::asText).containsExactly("SMS");
        assertThat(first.cookies()).isEmpty();
        Api.Exchange second = api.post(API + "/login/challenges/" + challenge + "/verify")
                .json(Api.map("factor", "SMS", "code", host.smsCode(p.phone().e164(), texts)))
                .send();
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json().get("complete").asBoolean()).isTrue();
        JsonNode session = second.json().get("session");
        assertThat(session.get("token").isNull())
                .as("no token in a cookie login's body")
                .isTrue();
        String setCookie = second.cookies().stream()
                .filter(c -> c.startsWith("portal_session="))
                .findFirst()
                .orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        return Api.Session.cookie(cookie, session.get("csrfToken").asText());
    }

    Api.Session loginWithTaj(PatientProfile p, Locale language) {
        int texts = host.texts();
        Api.Exchange start = api.post(API + "/login/taj-phone")
                .header("Accept-Language", language.toLanguageTag())
                .json(Api.map("taj", p.taj().digits(), "phone", p.phone().e164()))
                .send();
        assertThat(start.status()).as(start.toString()).isEqualTo(200);
        String challenge = start.json().get("challengeId").asText();
        Api.Exchange verify = api.post(API + "/login/challenges/" + challenge + "/verify")
                .json(Api.map("factor", "SMS", "code", host.smsCode(p.phone().e164(), texts), "transport", "bearer"))
                .send();
        assertThat(verify.status()).as(verify.toString()).isEqualTo(200);
        assertThat(verify.cookies()).as("a bearer login sets no cookie").isEmpty();
        JsonNode session = verify.json().get("session");
        assertThat(session.get("csrfToken").isNull()).isTrue();
        return Api.Session.bearer(session.get("token").asText());
    }

    @Nested
    @DisplayName("the seed's flows end to end")
    class Flows {
        @Test
        @DisplayName("e-mail + phone, cookie session: profile, documents and download, booking, history, logout")
        void emailAndPhone() throws Exception {
            PatientProfile p = patient();
            grant(p, "EMAIL_AND_PHONE", true);
            JsonNode visible = publish(p, "lelet-kovari-" + p.patient().value().substring(6, 10) + ".pdf", true, true);
            JsonNode hidden = publish(p, "belso-feljegyzes-" + UUID.randomUUID() + ".pdf", false, false);
            Api.Session me = loginWithEmail(p);

            JsonNode profile = api.get(API + "/me").session(me).send().json();
            assertThat(profile.get("familyName").asText()).isEqualTo(p.familyName());
            assertThat(profile.get("taj").asText()).isEqualTo(p.taj().digits());
            assertThat(profile.get("email").asText()).isEqualTo(p.email().value());

            JsonNode page =
                    api.get(API + "/documents?limit=10").session(me).send().json();
            assertThat(page.get("items"))
                    .extracting(d -> d.get("id").asText())
                    .containsExactly(visible.get("id").asText());
            Api.Exchange hiddenOne = api.get(
                            API + "/documents/" + hidden.get("id").asText())
                    .session(me)
                    .send();
            assertThat(hiddenOne.status()).isEqualTo(404);

            Api.Exchange download = api.get(
                            API + "/documents/" + visible.get("id").asText() + "/content")
                    .session(me)
                    .send();
            assertThat(download.status()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(PDF);
            assertThat(download.contentType()).isEqualTo("application/pdf");
            assertThat(download.header("X-Content-Type-Options")).contains("nosniff");
            assertThat(download.header("Cache-Control")).contains("no-store");
            assertThat(download.header("Content-Disposition").orElseThrow())
                    .startsWith("attachment; ")
                    .contains("filename*=UTF-8''" + visible.get("fileName").asText());

            Slot first = slot("CONSULTATION", Duration.ofDays(3));
            Slot second = slot("CONSULTATION", Duration.ofDays(4));
            JsonNode slots = api.get(API + "/slots?serviceType=CONSULTATION&from=" + Instant.now() + "&to="
                            + Instant.now().plus(Duration.ofDays(10)))
                    .session(me)
                    .send()
                    .json();
            assertThat(slots)
                    .extracting(s -> s.get("id").asText())
                    .contains(first.id().value(), second.id().value());

            String key = "book-" + UUID.randomUUID();
            Api.Exchange booked = api.post(API + "/reservations")
                    .header("Idempotency-Key", key)
                    .json(Api.map("slotId", first.id().value()))
                    .session(me)
                    .send();
            assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
            String reservation = booked.json().get("id").asText();
            assertThat(booked.header("Cache-Control"))
                    .as("no answer is kept by a browser or proxy")
                    .contains("no-store");
            Api.Exchange replay = api.post(API + "/reservations")
                    .header("Idempotency-Key", key)
                    .json(Api.map("slotId", first.id().value()))
                    .session(me)
                    .send();
            assertThat(replay.json().get("id").asText())
                    .as("the same key books once")
                    .isEqualTo(reservation);

            Api.Exchange moved = api.post(API + "/reservations/" + reservation + "/reschedule")
                    .json(Api.map("slotId", second.id().value()))
                    .session(me)
                    .send();
            assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
            assertThat(moved.json().get("slotId").asText())
                    .isEqualTo(second.id().value());
            assertThat(api.get(API + "/reservations").session(me).send().json())
                    .extracting(r -> r.get("id").asText())
                    .contains(moved.json().get("id").asText());

            String active = moved.json().get("id").asText();
            Api.Exchange cancelled =
                    api.delete(API + "/reservations/" + active).session(me).send();
            assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
            assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
            assertThat(api.get(API + "/reservations").session(me).send().json())
                    .extracting(r -> r.get("id").asText())
                    .doesNotContain(active);
            assertThat(api.get(API + "/history").session(me).send().json())
                    .extracting(r -> r.get("id").asText())
                    .contains(active);

            Api.Exchange logout = api.post(API + "/logout").session(me).send();
            assertThat(logout.status()).isEqualTo(204);
            assertThat(logout.cookies())
                    .anySatisfy(
                            c -> assertThat(c).startsWith("portal_session=;").contains("Max-Age=0"));
            assertThat(api.get(API + "/me").session(me).send().status())
                    .as("logout ended the session on the server, not only the cookie")
                    .isEqualTo(401);
        }

        @Test
        @DisplayName("TAJ + phone, bearer session for the app: the code in the language asked for, devices, logout")
        void tajAndPhone() {
            PatientProfile p = patient();
            grant(p, "TAJ_AND_PHONE", false);
            int texts = host.texts();
            Api.Session app = loginWithTaj(p, Locale.forLanguageTag("es"));
            assertThat(host.twilio.sent().subList(texts, host.twilio.sent().size()))
                    .filteredOn(f -> p.phone().e164().equals(f.get("To")))
                    .singleElement()
                    .satisfies(f -> assertThat(f.get("Body")).contains("su código de acceso es"));

            assertThat(api.get(API + "/me")
                            .session(app)
                            .send()
                            .json()
                            .get("patientId")
                            .asText())
                    .isEqualTo(p.patient().value());
            Api.Exchange device = api.post(API + "/devices")
                    .json(Api.map("token", "fcm-" + UUID.randomUUID()))
                    .session(app)
                    .send();
            assertThat(device.status()).as(device.toString()).isEqualTo(204);
            assertThat(host.bean(dev.patientportal.jpa.JpaPortal.class)
                            .transactions()
                            .inTransaction(() -> host.bean(dev.patientportal.jpa.JpaPortal.class)
                                    .devices()
                                    .tokens(WebHost.CLINIC, p.patient(), "clinic-app")))
                    .hasSize(1);
            assertThat(api.get(API + "/session")
                            .session(app)
                            .send()
                            .json()
                            .get("csrfToken")
                            .isNull())
                    .as("a bearer session has no CSRF token")
                    .isTrue();
            assertThat(api.post(API + "/logout").session(app).send().status()).isEqualTo(204);
            assertThat(api.get(API + "/reservations").session(app).send().status())
                    .isEqualTo(401);
        }
    }

    @Nested
    @DisplayName("one patient never reaches another's data")
    class CrossPatient {
        @Test
        @DisplayName(
                "every patient endpoint with another patient's id answers 404, byte for byte as an id that does not exist")
        void foreignIdsAreNotFound() {
            PatientProfile anna = patient();
            PatientProfile bela = patient();
            grant(anna, "TAJ_AND_PHONE", false);
            grant(bela, "TAJ_AND_PHONE", false);
            String document = publish(anna, "anna-lelet-" + UUID.randomUUID() + ".pdf", true, false)
                    .get("id")
                    .asText();
            Slot annas = slot("CONSULTATION", Duration.ofDays(5));
            Slot free = slot("CONSULTATION", Duration.ofDays(6));
            Api.Session annaSession = loginWithTaj(anna, Locale.ENGLISH);
            String reservation = api.post(API + "/reservations")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .json(Api.map("slotId", annas.id().value()))
                    .session(annaSession)
                    .send()
                    .json()
                    .get("id")
                    .asText();
            Api.Session belaSession = loginWithTaj(bela, Locale.ENGLISH);

            record Probe(String name, java.util.function.Function<String, Api.Call> call) {}
            List<Probe> probes = List.of(
                    new Probe("document", id -> api.get(API + "/documents/" + id)),
                    new Probe("download", id -> api.get(API + "/documents/" + id + "/content")),
                    new Probe(
                            "reschedule",
                            id -> api.post(API + "/reservations/" + id + "/reschedule")
                                    .json(Api.map("slotId", free.id().value()))),
                    new Probe("cancel", id -> api.delete(API + "/reservations/" + id)));
            for (Probe probe : probes) {
                String foreign = probe.name().startsWith("d") ? document : reservation;
                String missing = probe.name().startsWith("d") ? "d-" + UUID.randomUUID() : "r-" + UUID.randomUUID();
                Api.Exchange theirs =
                        probe.call().apply(foreign).session(belaSession).send();
                Api.Exchange none =
                        probe.call().apply(missing).session(belaSession).send();
                assertThat(theirs.status()).as(probe.name() + ": " + theirs).isEqualTo(404);
                assertThat(theirs.text()).as(probe.name()).isEqualTo(none.text());
                assertThat(theirs.headers().map().keySet())
                        .as(probe.name())
                        .isEqualTo(none.headers().map().keySet());
                assertThat(theirs.text()).doesNotContain(foreign);
            }
            // Bela's lists hold nothing of Anna's, and Anna's reservation and document are untouched
            assertThat(api.get(API + "/documents")
                            .session(belaSession)
                            .send()
                            .json()
                            .get("items"))
                    .isEmpty();
            assertThat(api.get(API + "/reservations")
                            .session(belaSession)
                            .send()
                            .json())
                    .isEmpty();
            assertThat(api.get(API + "/reservations")
                            .session(annaSession)
                            .send()
                            .json())
                    .extracting(r -> r.get("status").asText())
                    .containsExactly("BOOKED");
            assertThat(api.get(API + "/documents/" + document)
                            .session(annaSession)
                            .send()
                            .status())
                    .isEqualTo(200);
        }
    }

    @Nested
    @DisplayName("cookie sessions: flags and CSRF")
    class Cookies {
        @Test
        @DisplayName(
                "the session cookie is HttpOnly, Secure, SameSite=Strict, scoped to the API, and ends with the session")
        void cookieFlags() {
            PatientProfile p = patient();
            grant(p, "EMAIL_AND_PHONE", false);
            int texts = host.texts();
            int mails = host.mails();
            String challenge = api.post(API + "/login/email-phone")
                    .json(Api.map("email", p.email().value(), "phone", p.phone().e164()))
                    .send()
                    .json()
                    .get("challengeId")
                    .asText();
            api.post(API + "/login/challenges/" + challenge + "/verify")
                    .json(Api.map(
                            "factor", "EMAIL", "code", host.emailCode(p.email().value(), mails)))
                    .send();
            Api.Exchange done = api.post(API + "/login/challenges/" + challenge + "/verify")
                    .json(Api.map(
                            "factor", "SMS", "code", host.smsCode(p.phone().e164(), texts)))
                    .send();
            String cookie = done.cookies().get(0);
            assertThat(cookie)
                    .startsWith("portal_session=")
                    .contains("; Path=" + API)
                    .contains("; HttpOnly")
                    .contains("; Secure")
                    .contains("; SameSite=Strict")
                    .containsPattern("; Max-Age=4[0-9]{4}"); // the absolute timeout, 12 h = 43,200 s
        }

        @Test
        @DisplayName(
                "a state-changing request with the cookie and without its CSRF token is refused, and changes nothing")
        void csrf() {
            PatientProfile p = patient();
            grant(p, "EMAIL_AND_PHONE", false);
            Api.Session me = loginWithEmail(p);
            Slot s = slot("CONSULTATION", Duration.ofDays(7));
            Api.Call book = api.post(API + "/reservations")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .json(Api.map("slotId", s.id().value()));
            Api.Exchange forged = book.session(me.withoutCsrf()).send();
            assertThat(forged.status()).isEqualTo(403);
            assertThat(forged.json().get("type").asText()).isEqualTo("urn:patient-portal:problem:csrf");
            Api.Exchange wrong = api.post(API + "/reservations")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .json(Api.map("slotId", s.id().value()))
                    .session(new Api.Session(me.cookie(), "x" + me.csrf().substring(1), null))
                    .send();
            assertThat(wrong.status()).isEqualTo(403);
            Api.Exchange logout =
                    api.post(API + "/logout").session(me.withoutCsrf()).send();
            assertThat(logout.status()).as("logout needs the token too").isEqualTo(403);
            assertThat(api.get(API + "/reservations").session(me).send().json())
                    .as("nothing booked")
                    .isEmpty();
            assertThat(host.scheduling().isFree(WebHost.CLINIC, s.id())).isTrue();

            // reads need no token; GET /session gives it back, for a page that was reloaded
            Api.Exchange session =
                    api.get(API + "/session").session(me.withoutCsrf()).send();
            assertThat(session.json().get("csrfToken").asText()).isEqualTo(me.csrf());
            assertThat(api.post(API + "/reservations")
                            .header("Idempotency-Key", UUID.randomUUID().toString())
                            .json(Api.map("slotId", s.id().value()))
                            .session(me)
                            .send()
                            .status())
                    .isEqualTo(201);
        }
    }

    @Nested
    @DisplayName("problems: one status per kind, RFC 9457 bodies, no personal data")
    class Problems {
        void assertProblem(Api.Exchange e, int status, String kind) {
            assertThat(e.status()).as(e.toString()).isEqualTo(status);
            assertThat(e.contentType()).startsWith("application/problem+json");
            JsonNode body = e.json();
            assertThat(body.get("type").asText()).isEqualTo("urn:patient-portal:problem:" + kind);
            assertThat(body.get("status").asInt()).isEqualTo(status);
            assertThat(body.get("title").asText()).isNotBlank();
            for (String value : personal) {
                assertThat(e.text()).doesNotContain(value);
            }
        }

        @Test
        @DisplayName("400 names the field: bad phone, bad TAJ, missing header, unreadable JSON, bad factor, bad limit")
        void validation() {
            PatientProfile p = patient();
            grant(p, "TAJ_AND_PHONE", false);
            Api.Session me = loginWithTaj(p, Locale.ENGLISH);
            Api.Exchange phone = api.post(API + "/login/taj-phone")
                    .json(Api.map("taj", p.taj().digits(), "phone", "06 20 12"))
                    .send();
            assertProblem(phone, 400, "validation");
            assertThat(phone.json().get("field").asText()).isEqualTo("phone");
            Api.Exchange taj = api.post(API + "/login/taj-phone")
                    .json(Api.map("taj", "123456789", "phone", p.phone().e164()))
                    .send();
            assertProblem(taj, 400, "validation");
            assertThat(taj.json().get("field").asText()).isEqualTo("taj");
            Api.Exchange key = api.post(API + "/reservations")
                    .json(Api.map("slotId", "s-x"))
                    .session(me)
                    .send();
            assertProblem(key, 400, "validation");
            assertThat(key.json().get("field").asText()).isEqualTo("Idempotency-Key");
            Api.Exchange json =
                    api.post(API + "/login/taj-phone").json("{\"taj\": ").send();
            assertProblem(json, 400, "validation");
            assertThat(json.json().get("field").asText()).isEqualTo("body");
            Api.Exchange factor = api.post(API + "/login/challenges/c-1/verify")
                    .json(Api.map("factor", "FAX", "code", "123456"))
                    .send();
            assertProblem(factor, 400, "validation");
            assertThat(factor.json().get("field").asText()).isEqualTo("factor");
            Api.Exchange limit =
                    api.get(API + "/documents?limit=1000").session(me).send();
            assertProblem(limit, 400, "validation");
            assertThat(limit.json().get("field").asText()).isEqualTo("limit");
            Api.Exchange notANumber =
                    api.get(API + "/documents?limit=many").session(me).send();
            assertProblem(notANumber, 400, "validation");
            assertThat(notANumber.json().get("field").asText()).isEqualTo("limit");
            Api.Exchange from =
                    api.get(API + "/slots?from=yesterday").session(me).send();
            assertProblem(from, 400, "validation");
            assertThat(from.json().get("field").asText()).isEqualTo("from");
        }

        @Test
        @DisplayName(
                "resend after the cool-down: a new code replaces the old; a bad e-mail and a bad version name their field")
        void resendAndMoreBadInput() {
            PatientProfile p = patient();
            grant(p, "TAJ_AND_PHONE", false);
            int texts = host.texts();
            String challenge = api.post(API + "/login/taj-phone")
                    .json(Api.map("taj", p.taj().digits(), "phone", p.phone().e164()))
                    .send()
                    .json()
                    .get("challengeId")
                    .asText();
            String first = host.smsCode(p.phone().e164(), texts);
            host.bean(dev.patientportal.testkit.MutableClock.class).advance(Duration.ofSeconds(61));
            int before = host.texts();
            Api.Exchange resent = api.post(API + "/login/challenges/" + challenge + "/resend")
                    .json(Api.map("factor", "SMS"))
                    .send();
            assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
            assertThat(resent.json().get("challengeId").asText()).isEqualTo(challenge);
            String second = host.smsCode(p.phone().e164(), before);
            if (!second.equals(first)) {
                assertProblem(
                        api.post(API + "/login/challenges/" + challenge + "/verify")
                                .json(Api.map("factor", "SMS", "code", first))
                                .send(),
                        401,
                        "wrong-code");
            }
            assertThat(api.post(API + "/login/challenges/" + challenge + "/verify")
                            .json(Api.map("factor", "SMS", "code", second))
                            .send()
                            .json()
                            .get("complete")
                            .asBoolean())
                    .isTrue();

            Api.Exchange email = api.post(API + "/login/email-phone")
                    .json(Api.map("email", "not-an-address", "phone", p.phone().e164()))
                    .send();
            assertProblem(email, 400, "validation");
            assertThat(email.json().get("field").asText()).isEqualTo("email");
            Api.Exchange version = staff(
                            api.put(API + "/staff/patients/" + p.patient().value() + "/grant/method"))
                    .json(Api.map("method", "EMAIL_AND_PHONE"))
                    .send();
            assertProblem(version, 400, "validation");
            assertThat(version.json().get("field").asText()).isEqualTo("version");
            Api.Exchange access = staff(api.put(API + "/staff/documents/d-x/visibility"))
                    .json(Api.map("version", 1))
                    .send();
            assertProblem(access, 400, "validation");
            assertThat(access.json().get("field").asText()).isEqualTo("patientAccess");
        }

        @Test
        @DisplayName(
                "401: no session, an ended one, a wrong code (with attempts left), an unknown challenge; staff unauthenticated")
        void unauthenticated() {
            assertProblem(api.get(API + "/me").send(), 401, "unauthenticated");
            assertProblem(
                    api.get(API + "/me")
                            .session(Api.Session.bearer("not-a-token"))
                            .send(),
                    401,
                    "unauthenticated");
            assertProblem(api.get(API + "/staff/patients/p-1/grant").send(), 401, "unauthenticated");
            PatientProfile p = patient();
            grant(p, "TAJ_AND_PHONE", false);
            String challenge = api.post(API + "/login/taj-phone")
                    .json(Api.map("taj", p.taj().digits(), "phone", p.phone().e164()))
                    .send()
                    .json()
                    .get("challengeId")
                    .asText();
            Api.Exchange wrong = api.post(API + "/login/challenges/" + challenge + "/verify")
                    .json(Api.map("factor", "SMS", "code", "000000"))
                    .send();
            assertProblem(wrong, 401, "wrong-code");
            assertThat(wrong.json().get("attemptsLeft").asInt()).isEqualTo(4);
            assertThat(wrong.json().get("reason").asText()).isEqualTo("WRONG_CODE");
            Api.Exchange unknown = api.post(API + "/login/challenges/c-" + UUID.randomUUID() + "/verify")
                    .json(Api.map("factor", "SMS", "code", "123456"))
                    .send();
            assertProblem(unknown, 401, "login-expired");
        }

        @Test
        @DisplayName(
                "403 for staff without the permission; 404 for an unknown path; 409 on a stale version and a taken slot")
        void forbiddenNotFoundConflict() {
            PatientProfile p = patient();
            assertProblem(
                    staff(api.post(API + "/staff/patients/" + p.patient().value() + "/grant"))
                            .header(WebHost.PERMISSIONS_HEADER, "VIEW_AUDIT")
                            .json(Api.map("method", "TAJ_AND_PHONE", "smsNotifications", false))
                            .send(),
                    403,
                    "forbidden");
            assertProblem(api.get(API + "/no/such/thing").send(), 404, "not-found");
            assertProblem(staff(api.get(API + "/staff/patients/p-none/grant")).send(), 404, "not-found");

            JsonNode g = grant(p, "TAJ_AND_PHONE", false);
            long version = g.get("version").asLong();
            Api.Exchange first = staff(
                            api.put(API + "/staff/patients/" + p.patient().value() + "/grant/sms"))
                    .json(Api.map("enabled", true, "version", version))
                    .send();
            assertThat(first.status()).as(first.toString()).isEqualTo(200);
            assertProblem(
                    staff(api.put(API + "/staff/patients/" + p.patient().value() + "/grant/sms"))
                            .json(Api.map("enabled", false, "version", version))
                            .send(),
                    409,
                    "conflict");

            PatientProfile q = patient();
            grant(q, "TAJ_AND_PHONE", false);
            Slot s = slot("CONSULTATION", Duration.ofDays(8));
            Api.Session pSession = loginWithTaj(p, Locale.ENGLISH);
            Api.Session qSession = loginWithTaj(q, Locale.ENGLISH);
            assertThat(api.post(API + "/reservations")
                            .header("Idempotency-Key", UUID.randomUUID().toString())
                            .json(Api.map("slotId", s.id().value()))
                            .session(pSession)
                            .send()
                            .status())
                    .isEqualTo(201);
            assertProblem(
                    api.post(API + "/reservations")
                            .header("Idempotency-Key", UUID.randomUUID().toString())
                            .json(Api.map("slotId", s.id().value()))
                            .session(qSession)
                            .send(),
                    409,
                    "conflict");
        }

        @Test
        @DisplayName("422 names the rule; 503 when the booking system is down; 415 and 405 for the wrong request")
        void policyAndUnavailable() {
            PatientProfile p = patient();
            grant(p, "TAJ_AND_PHONE", false);
            Api.Session me = loginWithTaj(p, Locale.ENGLISH);
            Slot s = slot("CONSULTATION", Duration.ofDays(9));
            String id = api.post(API + "/reservations")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .json(Api.map("slotId", s.id().value()))
                    .session(me)
                    .send()
                    .json()
                    .get("id")
                    .asText();
            assertThat(api.delete(API + "/reservations/" + id)
                            .session(me)
                            .send()
                            .status())
                    .isEqualTo(200);
            Api.Exchange again =
                    api.delete(API + "/reservations/" + id).session(me).send();
            assertProblem(again, 422, "policy");
            assertThat(again.json().get("rule").asText()).isEqualTo("reservation.not-active");

            WebHost.FailingScheduling scheduling = host.bean(WebHost.FailingScheduling.class);
            scheduling.down.set(true);
            try {
                assertProblem(api.get(API + "/reservations").session(me).send(), 503, "unavailable");
            } finally {
                scheduling.down.set(false);
            }
            assertProblem(
                    api.post(API + "/login/taj-phone")
                            .body("text/plain", "taj".getBytes(StandardCharsets.UTF_8))
                            .send(),
                    415,
                    "unsupported-media-type");
            Api.Exchange method = api.put(API + "/me").session(me).send();
            assertProblem(method, 405, "method-not-allowed");
            assertThat(method.header("Allow")).contains("GET");
        }

        @Test
        @DisplayName("429 with Retry-After: a resend inside the cool-down, and the lockout after wrong codes")
        void retryAfter() {
            PatientProfile p = patient();
            grant(p, "TAJ_AND_PHONE", false);
            String challenge = api.post(API + "/login/taj-phone")
                    .json(Api.map("taj", p.taj().digits(), "phone", p.phone().e164()))
                    .send()
                    .json()
                    .get("challengeId")
                    .asText();
            Api.Exchange resend = api.post(API + "/login/challenges/" + challenge + "/resend")
                    .json(Api.map("factor", "SMS"))
                    .send();
            assertProblem(resend, 429, "rate-limited");
            long wait = Long.parseLong(resend.header("Retry-After").orElseThrow());
            assertThat(wait).isBetween(1L, 60L);
            assertThat(resend.json().get("retryAfterSeconds").asLong()).isEqualTo(wait);

            // five wrong codes use up the challenge: waiting does not help, a new login does (no Retry-After)
            for (int i = 0; i < 5; i++) {
                api.post(API + "/login/challenges/" + challenge + "/verify")
                        .json(Api.map("factor", "SMS", "code", "000000"))
                        .send();
            }
            Api.Exchange spent = api.post(API + "/login/challenges/" + challenge + "/verify")
                    .json(Api.map("factor", "SMS", "code", "000000"))
                    .send();
            assertProblem(spent, 401, "login-expired");
            assertThat(spent.header("Retry-After")).isEmpty();

            // ten consecutive failures lock the grant, for a wait that Retry-After gives
            String again = api.post(API + "/login/taj-phone")
                    .json(Api.map("taj", p.taj().digits(), "phone", p.phone().e164()))
                    .send()
                    .json()
                    .get("challengeId")
                    .asText();
            Api.Exchange last = null;
            for (int i = 0; i < 6 && (last == null || last.status() != 429); i++) {
                last = api.post(API + "/login/challenges/" + again + "/verify")
                        .json(Api.map("factor", "SMS", "code", "000000"))
                        .send();
            }
            assertThat(last).isNotNull();
            assertProblem(last, 429, "locked");
            assertThat(Long.parseLong(last.header("Retry-After").orElseThrow())).isPositive();
        }

        @Test
        @DisplayName(
                "413 before the body is read: JSON over the limit, a chunked body, an upload over the document policy")
        void tooLarge() {
            byte[] big = ("{\"taj\":\"" + "1".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
            assertProblem(
                    api.post(API + "/login/taj-phone")
                            .body("application/json", big)
                            .send(),
                    413,
                    "too-large");
            assertProblem(
                    api.post(API + "/login/taj-phone")
                            .chunked("application/json", big)
                            .send(),
                    413,
                    "too-large");

            PatientProfile p = patient();
            grant(p, "TAJ_AND_PHONE", false);
            byte[] file = new byte[WebHost.MAX_UPLOAD * 2];
            System.arraycopy(PDF, 0, file, 0, PDF.length);
            for (boolean chunked : new boolean[] {false, true}) {
                byte[] form = Multipart.form("nagy.pdf", "application/pdf", file, Map.of("type", "LAB_RESULT"));
                Api.Call upload =
                        staff(api.post(API + "/staff/patients/" + p.patient().value() + "/documents"));
                Api.Exchange e = chunked
                        ? upload.chunked(Multipart.CONTENT_TYPE, form).send()
                        : upload.body(Multipart.CONTENT_TYPE, form).send();
                if (chunked) {
                    assertProblem(e, 411, "length-required");
                } else {
                    assertProblem(e, 413, "too-large");
                }
            }
            assertThat(staff(api.get(API + "/staff/patients/" + p.patient().value() + "/documents"))
                            .send()
                            .json()
                            .get("items"))
                    .as("nothing stored")
                    .isEmpty();
        }
    }

    @Nested
    @DisplayName("the host's application around the API")
    class AroundTheApi {
        @Test
        @DisplayName("outside the base path the host's own advice handles the portal's exceptions, not the portal's")
        void hostAdviceUntouched() {
            Api plain = new Api(host.base); // outside the document: no contract check
            Api.Exchange e = plain.get("/host/fail").send();
            assertThat(e.status()).isEqualTo(418);
            assertThat(e.text()).isEqualTo("the host's own handling");
        }

        @Test
        @DisplayName(
                "an encoded base path is the API's too: limits and problems apply to /portal/%61pi as to /portal/api")
        void encodedPathIsStillTheApi() {
            byte[] big = ("{\"taj\":\"" + "1".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
            Api plain = new Api(host.base);
            Api.Exchange e = plain.post("/portal/%61pi/login/taj-phone")
                    .chunked("application/json", big)
                    .send();
            assertThat(e.status()).as(e.toString()).isEqualTo(413);
            assertThat(e.contentType()).startsWith("application/problem+json");
            assertThat(plain.get("/portal/%61pi/me").send().status()).isEqualTo(401);
        }
    }

    @Nested
    @DisplayName("no user enumeration")
    class Enumeration {
        @Test
        @DisplayName(
                "a known and an unknown identity get the same status, body and headers, at start and at a wrong code")
        void knownAndUnknownAnswerAlike() {
            PatientProfile known = patient();
            grant(known, "EMAIL_AND_PHONE", false);
            PatientProfile unknown = patient(); // a record, but no grant
            List<Api.Exchange> starts = new ArrayList<>();
            List<Api.Exchange> wrongs = new ArrayList<>();
            for (PatientProfile p : List.of(known, unknown)) {
                Api.Exchange start = api.post(API + "/login/email-phone")
                        .json(Api.map(
                                "email", p.email().value(), "phone", p.phone().e164()))
                        .send();
                starts.add(start);
                wrongs.add(api.post(API + "/login/challenges/"
                                + start.json().get("challengeId").asText() + "/verify")
                        .json(Api.map("factor", "EMAIL", "code", "000000"))
                        .send());
            }
            for (List<Api.Exchange> pair : List.of(starts, wrongs)) {
                Api.Exchange a = pair.get(0);
                Api.Exchange b = pair.get(1);
                assertThat(a.status()).isEqualTo(b.status());
                assertThat(a.headers().map().keySet())
                        .isEqualTo(b.headers().map().keySet());
                assertThat(shape(a.json())).isEqualTo(shape(b.json()));
            }
            assertThat(starts.get(0).status()).isEqualTo(200);
            assertThat(wrongs.get(0).json().get("attemptsLeft"))
                    .isEqualTo(wrongs.get(1).json().get("attemptsLeft"));
        }

        /** The body with its ids and times replaced by their kind: what must not differ. */
        private String shape(JsonNode body) {
            return body.toString()
                    .replaceAll("\"challengeId\":\"[^\"]+\"", "\"challengeId\":\"*\"")
                    .replaceAll("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z", "*");
        }
    }

    @Nested
    @DisplayName("the clinic's side: staff endpoints")
    class StaffSide {
        @Test
        @DisplayName("grant, change the method, SMS on and off, revoke (the patient's session ends), reinstate")
        void grantLifecycle() {
            PatientProfile p = patient();
            String grants = API + "/staff/patients/" + p.patient().value() + "/grant";
            assertThat(staff(api.post(grants))
                            .json(Api.map("method", "CARRIER_PIGEON"))
                            .send()
                            .json()
                            .get("field")
                            .asText())
                    .isEqualTo("method");
            JsonNode g = grant(p, "TAJ_AND_PHONE", false);
            assertThat(g.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(g.get("method").asText()).isEqualTo("TAJ_AND_PHONE");
            assertThat(staff(api.get(grants)).send().json().get("version").asLong())
                    .isEqualTo(g.get("version").asLong());
            assertThat(staff(api.post(grants))
                            .json(Api.map("method", "TAJ_AND_PHONE"))
                            .send()
                            .status())
                    .as("a second grant")
                    .isEqualTo(409);

            JsonNode m = staff(api.put(grants + "/method"))
                    .json(Api.map(
                            "method",
                            "EMAIL_AND_PHONE",
                            "version",
                            g.get("version").asLong()))
                    .send()
                    .json();
            assertThat(m.get("method").asText()).isEqualTo("EMAIL_AND_PHONE");
            JsonNode sms = staff(api.put(grants + "/sms"))
                    .json(Api.map("enabled", true, "version", m.get("version").asLong()))
                    .send()
                    .json();
            assertThat(sms.get("smsNotifications").asBoolean()).isTrue();

            Api.Session me = loginWithEmail(p);
            assertThat(api.get(API + "/me").session(me).send().status()).isEqualTo(200);
            Api.Exchange noReason = staff(api.post(grants + "/revoke"))
                    .json(Api.map("version", sms.get("version").asLong()))
                    .send();
            assertThat(noReason.json().get("field").asText()).isEqualTo("reason");
            JsonNode revoked = staff(api.post(grants + "/revoke"))
                    .json(Api.map(
                            "reason",
                            "moved away",
                            "version",
                            sms.get("version").asLong()))
                    .send()
                    .json();
            assertThat(revoked.get("status").asText()).isEqualTo("REVOKED");
            assertThat(api.get(API + "/me").session(me).send().status())
                    .as("revoking ends the patient's sessions")
                    .isEqualTo(401);
            JsonNode back = staff(api.post(grants + "/reinstate"))
                    .json(Api.map("version", revoked.get("version").asLong()))
                    .send()
                    .json();
            assertThat(back.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(api.get(API + "/me").session(me).send().status())
                    .as("the old session stays ended")
                    .isEqualTo(401);
        }

        @Test
        @DisplayName("publish, hide and show, withdraw: the patient's page follows; bad uploads name their field")
        void documents() {
            PatientProfile p = patient();
            grant(p, "TAJ_AND_PHONE", true);
            String docs = API + "/staff/patients/" + p.patient().value() + "/documents";
            Api.Exchange noFile = staff(api.post(docs))
                    .body(
                            Multipart.CONTENT_TYPE,
                            Multipart.form("x.pdf", "application/pdf", new byte[0], Map.of("type", "LAB_RESULT")))
                    .send();
            assertThat(noFile.status()).isEqualTo(400);
            assertThat(noFile.json().get("field").asText()).isEqualTo("file");
            Api.Exchange noType = staff(api.post(docs))
                    .body(Multipart.CONTENT_TYPE, Multipart.form("x.pdf", "application/pdf", PDF, Map.of()))
                    .send();
            assertThat(noType.json().get("field").asText()).isEqualTo("type");
            Api.Exchange script = staff(api.post(docs))
                    .body(
                            Multipart.CONTENT_TYPE,
                            Multipart.form(
                                    "x.pdf",
                                    "application/pdf",
                                    "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8),
                                    Map.of("type", "LAB_RESULT", "patientAccess", "true")))
                    .send();
            assertThat(script.status())
                    .as("the content is detected, not the declared type trusted")
                    .isEqualTo(400);

            String name = "zarojelentes-" + UUID.randomUUID() + ".pdf";
            personal.add(name);
            Api.Exchange published = staff(api.post(docs))
                    .body(
                            Multipart.CONTENT_TYPE,
                            Multipart.form(name, "application/pdf", PDF, Map.of("type", "LAB_RESULT")))
                    .send();
            assertThat(published.status()).isEqualTo(201);
            JsonNode d = published.json();
            assertThat(published.header("Location"))
                    .contains(API + "/staff/documents/" + d.get("id").asText());
            assertThat(d.get("state").asText()).isEqualTo("HIDDEN");
            assertThat(staff(api.get(API + "/staff/documents/" + d.get("id").asText()))
                            .send()
                            .json()
                            .get("fileName")
                            .asText())
                    .isEqualTo(d.get("fileName").asText());
            Api.Session me = loginWithTaj(p, Locale.ENGLISH);
            assertThat(api.get(API + "/documents").session(me).send().json().get("items"))
                    .isEmpty();

            JsonNode shown = staff(
                            api.put(API + "/staff/documents/" + d.get("id").asText() + "/visibility"))
                    .json(Api.map(
                            "patientAccess",
                            true,
                            "notifyPatient",
                            false,
                            "version",
                            d.get("version").asLong()))
                    .send()
                    .json();
            assertThat(shown.get("state").asText()).isEqualTo("VISIBLE");
            assertThat(api.get(API + "/documents?type=LAB_RESULT")
                            .session(me)
                            .send()
                            .json()
                            .get("items"))
                    .extracting(x -> x.get("id").asText())
                    .containsExactly(d.get("id").asText());
            assertThat(api.get(API + "/documents?type=DISCHARGE")
                            .session(me)
                            .send()
                            .json()
                            .get("items"))
                    .isEmpty();
            assertThat(staff(api.get(docs)).send().json().get("items")).hasSize(1);

            JsonNode gone = staff(
                            api.post(API + "/staff/documents/" + d.get("id").asText() + "/withdraw"))
                    .json(Api.map("version", shown.get("version").asLong()))
                    .send()
                    .json();
            assertThat(gone.get("state").asText()).isEqualTo("WITHDRAWN");
            assertThat(api.get(API + "/documents").session(me).send().json().get("items"))
                    .isEmpty();
            assertThat(api.get(API + "/documents/" + d.get("id").asText() + "/content")
                            .session(me)
                            .send()
                            .status())
                    .isEqualTo(404);
            Api.Exchange twice = staff(
                            api.post(API + "/staff/documents/" + d.get("id").asText() + "/withdraw"))
                    .json(Api.map("version", gone.get("version").asLong()))
                    .send();
            assertThat(twice.status()).isEqualTo(422);
        }

        @Test
        @DisplayName("the patient's cursor pages through every visible document once, in order")
        void cursorPaging() {
            PatientProfile p = patient();
            grant(p, "TAJ_AND_PHONE", false);
            List<String> published = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                published.add(publish(p, "lelet-" + i + "-" + UUID.randomUUID() + ".pdf", true, false)
                        .get("id")
                        .asText());
            }
            Api.Session me = loginWithTaj(p, Locale.ENGLISH);
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = api.get(API + "/documents?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                        .session(me)
                        .send()
                        .json();
                assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
                page.get("items").forEach(x -> seen.add(x.get("id").asText()));
                cursor = page.get("nextCursor").isNull()
                        ? null
                        : page.get("nextCursor").asText();
            } while (cursor != null);
            assertThat(seen).containsExactlyInAnyOrderElementsOf(published).doesNotHaveDuplicates();
            assertThat(api.get(API + "/documents?cursor=garbage")
                            .session(me)
                            .send()
                            .status())
                    .isEqualTo(400);
        }

        @Test
        @DisplayName("devices: register and unregister a push token; without the clinic's app configured, 404")
        void devices() {
            PatientProfile p = patient();
            grant(p, "TAJ_AND_PHONE", false);
            Api.Session me = loginWithTaj(p, Locale.ENGLISH);
            String token = "fcm-" + UUID.randomUUID();
            assertThat(api.post(API + "/devices")
                            .json(Api.map("token", token))
                            .session(me)
                            .send()
                            .status())
                    .isEqualTo(204);
            assertThat(api.post(API + "/devices")
                            .json(Api.map("token", ""))
                            .session(me)
                            .send()
                            .json()
                            .get("field")
                            .asText())
                    .isEqualTo("token");
            assertThat(api.post(API + "/devices/unregister")
                            .json(Api.map("token", token))
                            .session(me)
                            .send()
                            .status())
                    .isEqualTo(204);
            dev.patientportal.jpa.JpaPortal jpa = host.bean(dev.patientportal.jpa.JpaPortal.class);
            assertThat(jpa.transactions()
                            .inTransaction(() -> jpa.devices().tokens(WebHost.CLINIC, p.patient(), "clinic-app")))
                    .isEmpty();
        }
    }

    /** A multipart/form-data body, as a browser's form sends it. */
    static final class Multipart {
        static final String BOUNDARY = "----portal-web-test-boundary";
        static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

        static byte[] form(String fileName, String mediaType, byte[] content, Map<String, String> fields) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fields.forEach((name, value) -> write(
                    out,
                    "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                            + "\r\n"));
            write(
                    out,
                    "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                            + "\"\r\nContent-Type: " + mediaType + "\r\n\r\n");
            out.writeBytes(content);
            write(out, "\r\n--" + BOUNDARY + "--\r\n");
            return out.toByteArray();
        }

        private static void write(ByteArrayOutputStream out, String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
