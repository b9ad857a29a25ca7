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
    }

    @AfterAll
    void stopAndScanTheLog() throws IOException {
        host.close();
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
            assertThat(booked.header("Location").orElseThrow()).endsWith(API + "/reservations/" + reservation);
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
            assertThat(host.twilio.sent.subList(texts, host.twilio.sent.size()))
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
