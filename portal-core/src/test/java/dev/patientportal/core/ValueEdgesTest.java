package dev.patientportal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.spi.SchedulingGateway;
import dev.patientportal.core.spi.TransactionRunner;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The exact forms and bounds of the value types: what logs show, and where each limit falls. */
class ValueEdgesTest {
    private static final InstitutionId C1 = InstitutionId.of("c1");
    private static final PatientId P1 = PatientId.of("p1");

    @Test
    @DisplayName("personal values log as redacted markers, ids as themselves, records by their ids only")
    void toStringForms() {
        assertThat(TajNumber.parse("123456788").toString()).isEqualTo("TajNumber[redacted]");
        assertThat(PhoneNumber.parse("+36201234567").toString()).isEqualTo("PhoneNumber[redacted]");
        assertThat(EmailAddress.parse("anna@example.hu").toString()).isEqualTo("EmailAddress[redacted]");
        assertThat(P1.toString()).isEqualTo("p1");
        assertThat(DocumentId.of("d1").toString()).isEqualTo("d1");
        assertThat(DocumentType.of("LAB").toString()).isEqualTo("LAB");
        assertThat(ServiceTypeId.of("CONSULT").toString()).isEqualTo("CONSULT");
        assertThat(StaffId.of("s1").toString()).isEqualTo("s1");
        assertThat(ReservationId.of("r1").toString()).isEqualTo("r1");
        assertThat(SlotId.of("slot-1").toString()).isEqualTo("slot-1");
        assertThat(TransactionRunner.direct().toString()).isEqualTo("TransactionRunner.direct()");

        PhoneNumber phone = PhoneNumber.parse("+36201234567");
        PatientProfile profile = new PatientProfile(
                C1,
                P1,
                "Anna",
                "Kovács",
                LocalDate.of(1980, 1, 2),
                EmailAddress.parse("anna@example.hu"),
                phone,
                TajNumber.parse("123456788"),
                "Budapest",
                Locale.forLanguageTag("hu"));
        assertThat(profile.toString()).isEqualTo("PatientProfile[institution=c1, patient=p1]");
        Document d = new Document(
                DocumentId.of("d1"),
                C1,
                P1,
                DocumentType.of("LAB"),
                "hiv-test.pdf",
                "application/pdf",
                10,
                "00",
                DocumentState.VISIBLE,
                Instant.EPOCH,
                StaffId.of("s1"),
                Instant.EPOCH,
                1);
        assertThat(d.toString())
                .isEqualTo("Document[id=d1, institution=c1, patient=p1, type=LAB,"
                        + " mediaType=application/pdf, sizeBytes=10, state=VISIBLE, version=1]");
        AccessGrant g = new AccessGrant(
                C1,
                P1,
                LoginIdentity.tajAndPhone(TajNumber.parse("123456788"), phone),
                true,
                GrantStatus.REVOKED,
                "moved to Szeged",
                3,
                Instant.EPOCH,
                Instant.EPOCH,
                StaffId.of("s1"));
        assertThat(g.toString())
                .isEqualTo("AccessGrant[institution=c1, patient=p1, method=TAJ_AND_PHONE, sms=true,"
                        + " status=REVOKED, version=3, sessionEpoch=3]");
        CodeMessage m = new CodeMessage(
                C1, CodeMessage.Channel.SMS, null, phone, "654321", Duration.ofMinutes(5), Locale.ENGLISH);
        assertThat(m.toString()).isEqualTo("CodeMessage[institution=c1, channel=SMS]");
        DocumentUpload u = DocumentUpload.builder(P1, DocumentType.of("LAB"))
                .fileName("hiv.pdf")
                .content(new byte[1])
                .patientAccess(true)
                .build();
        assertThat(u.toString())
                .isEqualTo("DocumentUpload[patient=p1, type=LAB, patientAccess=true," + " notifyPatient=false]");
    }

    @Test
    @DisplayName("an active grant admits sessions made from its session epoch to its version; a revoked one none")
    void grantAdmitsSessionsFromItsEpoch() {
        LoginIdentity identity =
                LoginIdentity.tajAndPhone(TajNumber.parse("123456788"), PhoneNumber.parse("+36201234567"));
        AccessGrant active = new AccessGrant(
                C1,
                P1,
                identity,
                false,
                GrantStatus.ACTIVE,
                null,
                5,
                Instant.EPOCH,
                Instant.EPOCH,
                StaffId.of("s1"),
                3);
        assertThat(active.admitsSessionMadeUnder(0)).as("bound to no version").isFalse();
        assertThat(active.admitsSessionMadeUnder(2)).as("before the epoch").isFalse();
        assertThat(active.admitsSessionMadeUnder(3)).as("at the epoch").isTrue();
        assertThat(active.admitsSessionMadeUnder(4)).isTrue();
        assertThat(active.admitsSessionMadeUnder(5)).as("at the version").isTrue();
        assertThat(active.admitsSessionMadeUnder(6))
                .as("a version the grant has not reached")
                .isFalse();
        AccessGrant revoked = new AccessGrant(
                C1,
                P1,
                identity,
                false,
                GrantStatus.REVOKED,
                "moved",
                5,
                Instant.EPOCH,
                Instant.EPOCH,
                StaffId.of("s1"),
                3);
        assertThat(revoked.admitsSessionMadeUnder(4)).isFalse();
    }

    @Test
    @DisplayName("a code message needs exactly the address of its channel")
    void codeMessageAddresses() {
        PhoneNumber phone = PhoneNumber.parse("+36201234567");
        EmailAddress email = EmailAddress.parse("anna@example.hu");
        Duration five = Duration.ofMinutes(5);
        assertThat(new CodeMessage(C1, CodeMessage.Channel.EMAIL, email, null, "1", five, Locale.ENGLISH).email())
                .isEqualTo(email);
        assertThatThrownBy(() -> new CodeMessage(C1, CodeMessage.Channel.EMAIL, null, null, "1", five, Locale.ENGLISH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> new CodeMessage(C1, CodeMessage.Channel.EMAIL, email, phone, "1", five, Locale.ENGLISH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CodeMessage(C1, CodeMessage.Channel.SMS, null, null, "1", five, Locale.ENGLISH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CodeMessage(C1, CodeMessage.Channel.SMS, email, phone, "1", five, Locale.ENGLISH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a request context keeps 64 characters of address and 256 of user agent")
    void requestContextClips() {
        RequestContext exact = new RequestContext("a".repeat(64), "u".repeat(256), null);
        assertThat(exact.clientAddress()).hasSize(64);
        assertThat(exact.userAgent()).hasSize(256);
        RequestContext over = new RequestContext("a".repeat(64) + "b", "u".repeat(256) + "v", null);
        assertThat(over.clientAddress()).isEqualTo("a".repeat(64));
        assertThat(over.userAgent()).isEqualTo("u".repeat(256));
        assertThat(new RequestContext(null, null, null).clientAddress()).isNull();
        assertThat(RequestContext.fromAddress("10.0.0.1").clientAddress()).isEqualTo("10.0.0.1");
    }

    @Test
    @DisplayName("limits fall where documented: slot queries 1 to 500, document sizes 1 byte to 1 GiB")
    void bounds() {
        Instant from = Instant.EPOCH;
        Instant to = from.plusSeconds(60);
        assertThat(new SlotQuery(null, from, to, 1).limit()).isEqualTo(1);
        assertThat(new SlotQuery(null, from, to, 500).limit()).isEqualTo(500);
        assertThatThrownBy(() -> new SlotQuery(null, from, to, 0)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new SlotQuery(null, from, to, 501)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new SlotQuery(null, from, from, 1)).isInstanceOf(ValidationException.class);

        assertThat(DocumentPolicy.builder().maxSizeBytes(1).build().maxSizeBytes())
                .isEqualTo(1);
        assertThat(DocumentPolicy.builder()
                        .maxSizeBytes(1024L * 1024 * 1024)
                        .build()
                        .maxSizeBytes())
                .isEqualTo(1024L * 1024 * 1024);
        assertThatThrownBy(() -> DocumentPolicy.builder().maxSizeBytes(0).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maxSizeBytes");
        assertThatThrownBy(() -> DocumentPolicy.builder()
                        .maxSizeBytes(1024L * 1024 * 1024 + 1)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("maxSizeBytes");
    }

    @Test
    @DisplayName("TAJ: non-digits whose value fits the check digit are still refused; 32 typed characters at most")
    void tajEdges() {
        // ':' and '&' are 10 and -10 away from '0': the weighted sum still ends in the check digit
        assertThat(TajNumber.isValid(":37193289")).isFalse();
        assertThat(TajNumber.isValid("&37193289")).isFalse();
        assertThat(TajNumber.isValid("037193289")).isTrue();
        assertThat(TajNumber.isValid(null)).isFalse();
        String padded32 = "123456788" + " ".repeat(23);
        assertThat(TajNumber.isValid(padded32)).isTrue();
        assertThat(TajNumber.parse(padded32).digits()).isEqualTo("123456788");
        assertThat(TajNumber.isValid(padded32 + " "))
                .as("33 characters are refused before normalising")
                .isFalse();
        assertThatThrownBy(() -> TajNumber.parse(padded32 + " ")).isInstanceOf(ValidationException.class);
    }

    @Test
    @DisplayName("failure details: attempts left and the wait are kept; a page says whether another follows")
    void accessors() {
        AuthenticationException e =
                new AuthenticationException(AuthenticationException.Reason.LOCKED, 3, Duration.ofMinutes(2));
        assertThat(e.attemptsLeft()).isEqualTo(3);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(2));
        AuthenticationException plain = new AuthenticationException(AuthenticationException.Reason.EXPIRED);
        assertThat(plain.attemptsLeft()).isEqualTo(-1);
        assertThat(plain.retryAfter()).isNull();
        assertThat(new Page<>(List.of("a"), "next").next()).contains("next");
        assertThat(new Page<>(List.of("a"), null).next()).isEmpty();
    }

    @Test
    @DisplayName("closing a document's content closes its stream; a gateway reports no slot as taken by default")
    void closingAndDefaults() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream(new byte[] {1}) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        Document d = new Document(
                DocumentId.of("d1"),
                C1,
                P1,
                DocumentType.of("LAB"),
                "a.pdf",
                "application/pdf",
                1,
                "00",
                DocumentState.VISIBLE,
                Instant.EPOCH,
                StaffId.of("s1"),
                Instant.EPOCH,
                1);
        new DocumentContent(d, in).close();
        assertThat(closed).isTrue();

        SchedulingGateway gateway = (SchedulingGateway) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {SchedulingGateway.class}, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        assertThat(gateway.isTaken(C1, SlotId.of("slot-1"))).isFalse();
    }
}
