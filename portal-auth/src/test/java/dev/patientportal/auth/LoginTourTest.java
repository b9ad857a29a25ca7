package dev.patientportal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryPortalStores;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.MutableClock;
import dev.patientportal.testkit.RecordingCodeSender;
import dev.patientportal.testkit.RecordingNotifier;
import dev.patientportal.testkit.TestPatients;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The wiring of the examples' tour, kept compiling and passing here: both login methods, end to end. */
class LoginTourTest {
    @Test
    @DisplayName("the tour logs in with TAJ + phone, then with e-mail + phone")
    void tour() {
        InMemoryPortalStores stores = new InMemoryPortalStores();
        InMemoryPatientDirectory patients = new InMemoryPatientDirectory();
        RecordingCodeSender codes = new RecordingCodeSender();
        MutableClock clock = MutableClock.ofSystemTime();
        PortalLogin login = PortalLogin.builder()
                .portalStores(stores)
                .patientDirectory(patients)
                .codeSender(codes)
                .keys(CodeKeyring.random())
                .clock(clock)
                .codeDelivery(Runnable::run) // demo only: send on the calling thread
                .build();
        PatientPortal portal = PatientPortal.builder()
                .patientDirectory(patients)
                .scheduling(new InMemoryScheduling())
                .stores(stores)
                .notifications(new RecordingNotifier())
                .sessions(login)
                .clock(clock)
                .build();
        InstitutionId clinic = InstitutionId.of("clinic-1");
        Staff staff = Staff.of(clinic, StaffId.of("staff-1"), StaffPermission.values());
        PatientProfile anna = patients.put(TestPatients.next(clinic, PatientId.of("p-1")));
        AccessGrant grant = portal.administration(staff).grant(anna.patient(), AccessMethod.TAJ_AND_PHONE, false);
        RequestContext req = RequestContext.fromAddress("198.51.100.7");

        // TAJ + phone: one SMS code.
        Challenge c = login.start(
                new TajAndPhone(clinic, anna.taj().digits(), anna.phone().e164()), req);
        VerifyResult r = login.verify(
                c, Factor.SMS, codes.lastCode(CodeMessage.Channel.SMS).orElseThrow(), req);
        String token = r.session().orElseThrow().token();
        assertThat(portal.patient(token).profile().patient()).isEqualTo(anna.patient());
        login.logout(token, req);

        // E-mail + phone: staff switch the method (which ends sessions), then two codes.
        portal.administration(staff).changeMethod(anna.patient(), AccessMethod.EMAIL_AND_PHONE, grant.version());
        Challenge c2 = login.start(
                new EmailAndPhone(clinic, anna.email().value(), anna.phone().e164()), req);
        login.verify(c2, Factor.EMAIL, codes.lastCode(CodeMessage.Channel.EMAIL).orElseThrow(), req);
        VerifyResult done = login.verify(
                c2, Factor.SMS, codes.lastCode(CodeMessage.Channel.SMS).orElseThrow(), req);
        PatientView me = portal.patient(done.session().orElseThrow().token());
        assertThat(me.session().patient()).isEqualTo(anna.patient());
    }
}
