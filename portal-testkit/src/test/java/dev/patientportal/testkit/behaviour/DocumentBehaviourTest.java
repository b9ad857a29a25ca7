package dev.patientportal.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessDeniedException;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentAdministration;
import dev.patientportal.core.DocumentContent;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentPolicy;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.PolicyViolationException;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.core.ValidationException;
import dev.patientportal.testkit.TestPortal;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Documents")
class DocumentBehaviourTest {
    private static final DocumentType LAB = DocumentType.of("LAB_RESULT");
    private static final int MAX = 4096;

    private final TestPortal t = TestPortal.builder()
            .documentPolicy(DocumentPolicy.builder().maxSizeBytes(MAX).build())
            .build();
    private final InstitutionId clinic = Samples.institution();
    private final Staff staff = t.staff(clinic);
    private final DocumentAdministration docs = t.portal().documents(staff);
    private final PatientId patient = Samples.patient();

    DocumentBehaviourTest() {
        t.addPatient(clinic, patient);
    }

    private AccessGrant grantAccess(boolean sms) {
        return t.portal().administration(staff).grant(patient, AccessMethod.TAJ_AND_PHONE, sms);
    }

    private DocumentUpload.Builder upload(byte[] content, String fileName) {
        return DocumentUpload.builder(patient, LAB).fileName(fileName).content(content);
    }

    private PatientView me() {
        return t.patientView(clinic, patient);
    }

    private void assertNothingStored(ThrowingCallable publish, String field) {
        t.notifier().clear();
        assertThatThrownBy(publish)
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
        assertThat(t.content().size()).isZero();
        assertThat(t.documents().all()).isEmpty();
        assertThat(t.notifier().intents()).isEmpty();
        assertThat(t.events().events(PortalEvent.Type.DOCUMENT_PUBLISHED)).isEmpty();
        assertThat(t.audit().events(AuditActions.DOCUMENT_PUBLISH)).last().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
            assertThat(e.details()).containsEntry("error", "validation:" + field);
        });
    }

    @Nested
    @DisplayName("publishing")
    class Publishing {
        @Test
        @DisplayName("a PDF is stored with its detected type, size and SHA-256, and the patient can open its bytes")
        void publish_pdf_storedWithChecksum() {
            grantAccess(false);

            Document d = docs.publish(upload(Samples.PDF, "lelet_árvíztűrő.pdf")
                    .patientAccess(true)
                    .build());

            assertThat(d.mediaType()).isEqualTo("application/pdf");
            assertThat(d.sizeBytes()).isEqualTo(Samples.PDF.length);
            assertThat(d.sha256()).isEqualTo(Samples.sha256(Samples.PDF));
            assertThat(d.state()).isEqualTo(DocumentState.VISIBLE);
            assertThat(d.fileName()).isEqualTo("lelet_árvíztűrő.pdf");
            assertThat(d.version()).isEqualTo(1);
            assertThat(d.createdBy()).isEqualTo(staff.id());
            assertThat(t.documents().find(clinic, d.id())).contains(d);
            assertThat(t.content().bytes(clinic, d.id()))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(Samples.PDF));
            try (DocumentContent opened = me().openDocument(d.id())) {
                assertThat(opened.document()).isEqualTo(d);
                assertThat(opened.readAllBytes()).isEqualTo(Samples.PDF);
            }
            assertThat(t.events().events(PortalEvent.Type.DOCUMENT_PUBLISHED))
                    .singleElement()
                    .satisfies(e -> assertThat(e.subjectId()).isEqualTo(d.id().value()));
            assertThat(t.audit().events(AuditActions.DOCUMENT_PUBLISH))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
                        assertThat(e.targetId()).isEqualTo(d.id().value());
                        assertThat(e.details().values()).noneMatch(v -> v.contains("lelet"));
                    });
        }

        @Test
        @DisplayName("a PNG is detected as image/png")
        void publish_png_detected() {
            Document d = docs.publish(upload(Samples.PNG, "scan.png").build());

            assertThat(d.mediaType()).isEqualTo("image/png");
            assertThat(d.state()).isEqualTo(DocumentState.HIDDEN);
        }

        @Test
        @DisplayName("the media type comes from the bytes, and the name must agree: a PDF named x.png is refused "
                + "(issue 12 changed this: it used to be stored as application/pdf)")
        void publish_pdfNamedPng_isPdf() {
            assertThat(docs.publish(upload(Samples.PDF, "x.pdf").build()).mediaType())
                    .isEqualTo("application/pdf");
            t.documents().clear();
            t.content().clear();
            t.events().clear();
            assertNothingStored(() -> docs.publish(upload(Samples.PDF, "x.png").build()), "fileName");
        }

        @Test
        @DisplayName("a declared type that matches the bytes is accepted")
        void publish_matchingDeclaredType_accepted() {
            assertThat(docs.publish(upload(Samples.PDF, "a.pdf")
                                    .declaredMediaType("application/pdf")
                                    .build())
                            .mediaType())
                    .isEqualTo("application/pdf");
        }

        @Test
        @DisplayName("a declared type that does not match the bytes is refused, and nothing is stored")
        void publish_declaredMismatch_refused() {
            assertNothingStored(
                    () -> docs.publish(upload(Samples.PDF, "a.png")
                            .declaredMediaType("image/png")
                            .build()),
                    "mediaType");
        }

        @Test
        @DisplayName("an executable, a ZIP archive or an HTML page is refused when not allowed, and nothing is stored")
        void publish_disallowedTypes_refused() {
            assertNothingStored(
                    () -> docs.publish(upload(Samples.EXE, "report.pdf").build()), "mediaType");
            assertNothingStored(
                    () -> docs.publish(upload(Samples.ZIP, "report.pdf").build()), "mediaType");
            assertNothingStored(
                    () -> docs.publish(upload(Samples.HTML, "report.pdf")
                            .declaredMediaType("application/pdf")
                            .build()),
                    "mediaType");
            assertNothingStored(
                    () -> docs.publish(upload(Samples.HTML, "report.html").build()), "mediaType");
        }

        @Test
        @DisplayName("content up to the size limit is accepted; one byte more is refused and nothing is stored")
        void publish_sizeLimit() {
            assertNothingStored(
                    () -> docs.publish(
                            upload(Samples.pdfOfSize(MAX + 1), "big.pdf").build()),
                    "content");
            assertNothingStored(
                    () -> docs.publish(upload(new byte[0], "empty.pdf").build()), "content");

            assertThat(docs.publish(upload(Samples.pdfOfSize(MAX), "max.pdf").build())
                            .sizeBytes())
                    .isEqualTo(MAX);
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(
                strings = {
                    "../etc/passwd",
                    "a/b.pdf",
                    "a\\b.pdf",
                    "bad\u0000name.pdf",
                    "line\nbreak.pdf",
                    "tab\tname.pdf",
                    ".hidden.pdf",
                    "   ",
                    "rtl\u202Efdp.exe",
                    "c:report.pdf",
                    "report.pdf."
                })
        @DisplayName("an unsafe file name is refused, and nothing is stored")
        void publish_unsafeFileName_refused(String name) {
            assertNothingStored(() -> docs.publish(upload(Samples.PDF, name).build()), "fileName");
        }

        @Test
        @DisplayName("notify without patient access is refused, and nothing is stored")
        void publish_notifyWithoutAccess_refused() {
            grantAccess(true);
            assertNothingStored(
                    () -> docs.publish(upload(Samples.PDF, "a.pdf")
                            .patientAccess(false)
                            .notifyPatient(true)
                            .build()),
                    "notifyPatient");
        }

        @Test
        @DisplayName("the portal answers the policy it was built with, for a web layer's size limit")
        void documentPolicy_isTheOneBuiltWith() {
            assertThat(t.portal().documentPolicy().maxSizeBytes()).isEqualTo(MAX);
        }

        @Test
        @DisplayName("a document type the institution does not use is refused")
        void publish_unknownDocumentType_refused() {
            TestPortal strict = TestPortal.builder()
                    .documentPolicy(DocumentPolicy.builder()
                            .documentTypes(Set.of(DocumentType.of("DISCHARGE")))
                            .build())
                    .build();
            strict.addPatient(clinic, patient);

            assertThatThrownBy(() -> strict.portal()
                            .documents(staff)
                            .publish(upload(Samples.PDF, "a.pdf").build()))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("documentType"));
            assertThat(strict.documents().all()).isEmpty();
            assertThat(strict.content().size()).isZero();
        }

        @Test
        @DisplayName("a patient the institution does not know is not found, and nothing is stored")
        void publish_unknownPatient_notFound() {
            assertThatThrownBy(() -> docs.publish(DocumentUpload.builder(Samples.patient(), LAB)
                            .fileName("a.pdf")
                            .content(Samples.PDF)
                            .build()))
                    .isInstanceOf(NotFoundException.class);
            assertThat(t.documents().all()).isEmpty();
            assertThat(t.content().size()).isZero();
        }

        @Test
        @DisplayName("notify with an active grant submits one intent with the grant's SMS setting")
        void publish_notifyWithActiveGrant_submitsIntent() {
            grantAccess(true);
            t.notifier().clear();

            Document d = docs.publish(upload(Samples.PDF, "a.pdf")
                    .patientAccess(true)
                    .notifyPatient(true)
                    .build());

            assertThat(t.notifier().intents()).singleElement().satisfies(i -> {
                assertThat(i.type()).isEqualTo(NotificationIntent.Type.DOCUMENT_PUBLISHED);
                assertThat(i.patient()).isEqualTo(patient);
                assertThat(i.subjectId()).isEqualTo(d.id().value());
                assertThat(i.smsEnabled()).isTrue();
                assertThat(i.attributes().values()).noneMatch(v -> v.contains("a.pdf") || v.contains("LAB"));
            });
            assertThat(t.audit().events(AuditActions.DOCUMENT_PUBLISH))
                    .singleElement()
                    .satisfies(e -> assertThat(e.details()).containsEntry("notified", "true"));
        }

        @Test
        @DisplayName("notify without a grant, or with a revoked grant, publishes but submits no intent")
        void publish_notifyWithoutActiveGrant_noIntent() {
            docs.publish(upload(Samples.PDF, "a.pdf")
                    .patientAccess(true)
                    .notifyPatient(true)
                    .build());
            assertThat(t.notifier().intents()).isEmpty();

            AccessGrant grant = grantAccess(false);
            t.portal().administration(staff).revoke(patient, "reason", grant.version());
            t.notifier().clear();
            docs.publish(upload(Samples.PDF, "b.pdf")
                    .patientAccess(true)
                    .notifyPatient(true)
                    .build());

            assertThat(t.notifier().intents()).isEmpty();
            assertThat(t.documents().all()).hasSize(2);
            assertThat(t.audit().events(AuditActions.DOCUMENT_PUBLISH))
                    .allSatisfy(e -> assertThat(e.details()).containsEntry("notified", "false"));
        }

        @Test
        @DisplayName("staff without UPLOAD_DOCUMENTS are denied every document operation, audited as DENIED")
        void withoutPermission_denied() {
            Document d = docs.publish(upload(Samples.PDF, "a.pdf").build());
            DocumentAdministration clerk =
                    t.portal().documents(Staff.of(clinic, StaffId.of("clerk-1"), StaffPermission.GRANT_ACCESS));

            assertThatThrownBy(() -> clerk.publish(upload(Samples.PDF, "b.pdf").build()))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> clerk.find(d.id())).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> clerk.list(patient, DocumentFilter.firstPage()))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> clerk.setPatientAccess(d.id(), true, false, d.version()))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> clerk.withdraw(d.id(), d.version())).isInstanceOf(AccessDeniedException.class);

            assertThat(t.documents().all()).containsExactly(d);
            assertThat(t.audit().events(AuditActions.DOCUMENT_PUBLISH)).last().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
                assertThat(e.details()).containsEntry("error", "access-denied");
            });
        }
    }

    @Nested
    @DisplayName("changing visibility and withdrawing")
    class Changing {
        @Test
        @DisplayName("hidden to visible with notify shows it to the patient and notifies once")
        void hiddenToVisible_withNotify_notifies() {
            grantAccess(false);
            Document d = docs.publish(upload(Samples.PDF, "a.pdf").build());
            assertThat(me().countDocuments(null)).isZero();
            t.notifier().clear();

            Document visible = docs.setPatientAccess(d.id(), true, true, d.version());

            assertThat(visible.state()).isEqualTo(DocumentState.VISIBLE);
            assertThat(visible.version()).isEqualTo(2);
            assertThat(me().document(d.id())).isEqualTo(visible);
            assertThat(t.notifier().intents(NotificationIntent.Type.DOCUMENT_PUBLISHED))
                    .singleElement()
                    .satisfies(i -> assertThat(i.subjectId()).isEqualTo(d.id().value()));
            assertThat(t.events().events(PortalEvent.Type.DOCUMENT_VISIBILITY_CHANGED))
                    .hasSize(1);
        }

        @Test
        @DisplayName("hidden to visible without notify, or visible to visible with notify, notifies nobody")
        void visibility_withoutBecomingVisibleOrNotify_noIntent() {
            grantAccess(false);
            Document d = docs.publish(upload(Samples.PDF, "a.pdf").build());
            t.notifier().clear();

            Document visible = docs.setPatientAccess(d.id(), true, false, d.version());
            Document same = docs.setPatientAccess(d.id(), true, true, visible.version());

            assertThat(same).isEqualTo(visible);
            assertThat(t.notifier().intents()).isEmpty();
        }

        @Test
        @DisplayName("visible to hidden removes it from every read path of the patient")
        void visibleToHidden_hidesFromPatient() {
            grantAccess(false);
            Document d = docs.publish(
                    upload(Samples.PDF, "a.pdf").patientAccess(true).build());
            PatientView me = me();
            assertThat(me.countDocuments(null)).isEqualTo(1);

            docs.setPatientAccess(d.id(), false, false, d.version());

            assertThat(me.countDocuments(null)).isZero();
            assertThat(me.documents(DocumentFilter.firstPage()).items()).isEmpty();
            assertThatThrownBy(() -> me.document(d.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> me.openDocument(d.id())).isInstanceOf(NotFoundException.class);
        }

        @Test
        @DisplayName("notify while hiding is refused")
        void notifyWhileHiding_refused() {
            Document d = docs.publish(
                    upload(Samples.PDF, "a.pdf").patientAccess(true).build());

            assertThatThrownBy(() -> docs.setPatientAccess(d.id(), false, true, d.version()))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("notifyPatient"));
            assertThat(t.documents().find(clinic, d.id())).contains(d);
        }

        @Test
        @DisplayName("withdraw hides it for good: patient reads fail, and later changes violate a policy")
        void withdraw_final() {
            grantAccess(false);
            Document d = docs.publish(
                    upload(Samples.PDF, "a.pdf").patientAccess(true).build());

            Document withdrawn = docs.withdraw(d.id(), d.version());

            assertThat(withdrawn.state()).isEqualTo(DocumentState.WITHDRAWN);
            PatientView me = me();
            assertThat(me.countDocuments(null)).isZero();
            assertThatThrownBy(() -> me.openDocument(d.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> docs.withdraw(d.id(), withdrawn.version()))
                    .isInstanceOfSatisfying(
                            PolicyViolationException.class,
                            e -> assertThat(e.rule()).isEqualTo("document.withdrawn"));
            assertThatThrownBy(() -> docs.setPatientAccess(d.id(), true, false, withdrawn.version()))
                    .isInstanceOf(PolicyViolationException.class);
            assertThat(docs.find(d.id())).isEqualTo(withdrawn);
            assertThat(t.content().bytes(clinic, d.id())).isPresent();
            assertThat(t.events().events(PortalEvent.Type.DOCUMENT_WITHDRAWN)).hasSize(1);
        }

        @Test
        @DisplayName("a change based on a stale version is a conflict and changes nothing")
        void staleVersion_conflict() {
            Document d = docs.publish(upload(Samples.PDF, "a.pdf").build());
            Document visible = docs.setPatientAccess(d.id(), true, false, d.version());

            assertThatThrownBy(() -> docs.setPatientAccess(d.id(), false, false, d.version()))
                    .isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> docs.withdraw(d.id(), d.version())).isInstanceOf(ConflictException.class);
            assertThat(t.documents().find(clinic, d.id())).contains(visible);
        }

        @Test
        @DisplayName("staff of another institution do not find the document")
        void otherInstitution_notFound() {
            Document d = docs.publish(upload(Samples.PDF, "a.pdf").build());
            DocumentAdministration elsewhere = t.portal().documents(t.staff(Samples.institution()));

            assertThatThrownBy(() -> elsewhere.find(d.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> elsewhere.withdraw(d.id(), d.version())).isInstanceOf(NotFoundException.class);
            assertThat(t.documents().find(clinic, d.id())).contains(d);
        }

        @Test
        @DisplayName("staff list every state of the patient's documents, newest first, page by page")
        void staffList_allStates() {
            Document a = docs.publish(upload(Samples.PDF, "a.pdf").build());
            t.clock().advance(java.time.Duration.ofMinutes(1));
            Document b = docs.publish(
                    upload(Samples.PDF, "b.pdf").patientAccess(true).build());
            t.clock().advance(java.time.Duration.ofMinutes(1));
            Document c = docs.withdraw(
                    docs.publish(upload(Samples.PDF, "c.pdf").build()).id(), 1);

            var first = docs.list(patient, DocumentFilter.firstPage().withLimit(2));
            var second =
                    docs.list(patient, DocumentFilter.firstPage().withLimit(2).after(first.nextCursor()));

            assertThat(first.items()).containsExactly(c, b);
            assertThat(second.items()).containsExactly(a);
            assertThat(second.nextCursor()).isNull();
        }
    }

    /** Issue 12, defect 4: names that contradict the content, and names Windows or a renderer would misread. */
    @Nested
    @DisplayName("names and content that contradict each other")
    class Contradictions {
        private final TestPortal roomy = TestPortal.create();
        private final DocumentAdministration staffDocs = roomy.portal().documents(roomy.staff(clinic));

        Contradictions() {
            roomy.addPatient(clinic, patient);
        }

        private void assertRefused(byte[] content, String name, String declared, String field) {
            DocumentUpload upload = DocumentUpload.builder(patient, LAB)
                    .fileName(name)
                    .declaredMediaType(declared)
                    .content(content)
                    .patientAccess(true)
                    .build();
            assertThatThrownBy(() -> staffDocs.publish(upload)).isInstanceOfSatisfying(ValidationException.class, e -> {
                assertThat(e.field()).isEqualTo(field);
                assertThat(e.getMessage()).doesNotContain(name.strip());
                String stem = name.strip().split("\\.")[0];
                if (stem.length() >= 5) {
                    assertThat(e.getMessage()).doesNotContain(stem);
                }
            });
            assertThat(roomy.documents().all()).isEmpty();
            assertThat(roomy.content().size()).isZero();
            assertThat(roomy.audit().events(AuditActions.DOCUMENT_PUBLISH))
                    .last()
                    .satisfies(e -> {
                        assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
                        assertThat(e.details()).containsEntry("error", "validation:" + field);
                    });
        }

        @Test
        @DisplayName("HTML with a script after 9 KB of text, declared text/plain and named result.html, is refused")
        void htmlAfterNineKilobytes_namedHtml_refused() {
            assertRefused(Samples.textThenScript(9 * 1024), "result.html", "text/plain", "mediaType");
        }

        @Test
        @DisplayName("the same hidden markup named result.txt is refused: text that sniffs as markup is not text")
        void htmlAfterNineKilobytes_namedTxt_refused() {
            assertRefused(Samples.textThenScript(9 * 1024), "result.txt", "text/plain", "mediaType");
            assertRefused(Samples.textThenScript(9 * 1024), "result.txt", null, "mediaType");
        }

        @Test
        @DisplayName("SVG markup named x.svg and declared text/plain is refused")
        void svgDeclaredPlain_refused() {
            assertRefused(Samples.SVG, "x.svg", "text/plain", "mediaType");
            assertRefused(Samples.SVG, "x.txt", "text/plain", "mediaType");
        }

        @Test
        @DisplayName("a PDF/HTML polyglot named x.html is refused; the extension must agree with the detected type")
        void pdfHtmlPolyglot_namedHtml_refused() {
            assertRefused(Samples.PDF_HTML_POLYGLOT, "x.html", null, "fileName");
            assertRefused(Samples.PDF, "x.png", null, "fileName");
            assertRefused(Samples.PNG, "scan.jpg", null, "fileName");
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(
                strings = {
                    "result.pdf.exe",
                    "result.pdf.EXE",
                    "lelet.pdf.scr",
                    "lelet.txt.bat",
                    "a.pdf.js",
                    "a.pdf .exe",
                    "scan.png.cmd"
                })
        @DisplayName("a double extension ending in an executable type is refused")
        void doubleExtensionExecutable_refused(String name) {
            assertRefused(Samples.PDF, name, null, "fileName");
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(
                strings = {
                    "CON",
                    "con",
                    "PRN.pdf",
                    "aux.pdf",
                    "Nul.tar.pdf",
                    "COM1",
                    "com9.pdf",
                    "LPT1.pdf",
                    "lpt9",
                    "CON .pdf",
                    "COM\u00b9.pdf"
                })
        @DisplayName("a Windows reserved device name is refused, with or without an extension, in any case")
        void reservedDeviceName_refused(String name) {
            assertRefused(Samples.PDF, name, null, "fileName");
        }

        @Test
        @DisplayName("a name with a flood of combining marks is refused")
        void combiningMarkFlood_refused() {
            assertRefused(Samples.PDF, "a" + "\u0301".repeat(150) + ".pdf", null, "fileName");
            assertRefused(Samples.PDF, "a\u0301\u0302\u0303\u0304\u0305\u0306.pdf", null, "fileName");
            assertRefused(Samples.PDF, "z\u0336\u0335a\u0336\u0335l\u0336\u0335g\u0336\u0335o.pdf", null, "fileName");
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(
                strings = {
                    "../etc/passwd.pdf",
                    "a/b.pdf",
                    "a\\b.pdf",
                    "bad\u0000name.pdf",
                    "rtl\u202Efdp.exe",
                    "line\nbreak.pdf"
                })
        @DisplayName("path traversal, control characters and RLO stay refused")
        void traversalControlRlo_stillRefused(String name) {
            assertRefused(Samples.PDF, name, null, "fileName");
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(
                strings = {
                    "lelet.pdf",
                    "LELET.PDF",
                    "Lelet_árvíztűrő tükörfúrógép.pdf",
                    "2026.03.02 lelet.pdf",
                    "Tiếng Việt.pdf",
                    "परीक्षा.pdf",
                    "control.pdf",
                    "console.pdf",
                    "com10.pdf",
                    "auxiliary.pdf"
                })
        @DisplayName("ordinary names whose extension agrees with the content are accepted and kept")
        void agreeingNames_accepted(String name) {
            assertThat(staffDocs.publish(upload(Samples.PDF, name).build()).fileName())
                    .isEqualTo(java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC));
        }

        @Test
        @DisplayName("text, PNG and JPEG names with their own extensions are accepted")
        void otherAllowedTypes_accepted() {
            assertThat(staffDocs
                            .publish(upload(
                                            "Hemoglobin 140 g/L, x<5\n"
                                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                            "notes.txt")
                                    .declaredMediaType("text/plain")
                                    .build())
                            .mediaType())
                    .isEqualTo("text/plain");
            assertThat(staffDocs
                            .publish(upload(Samples.PNG, "scan.PNG").build())
                            .mediaType())
                    .isEqualTo("image/png");
        }

        @Test
        @DisplayName("a name without an extension is stored with the detected type's extension")
        void noExtension_getsDetectedExtension() {
            assertThat(staffDocs.publish(upload(Samples.PDF, "lelet").build()).fileName())
                    .isEqualTo("lelet.pdf");
            assertThat(staffDocs
                            .publish(upload(Samples.PDF, "Dr. Kovács lelete").build())
                            .fileName())
                    .isEqualTo("Dr. Kovács lelete.pdf");
        }

        @Test
        @DisplayName("markup is accepted when the clinic allows its type, with a matching extension")
        void allowedMarkup_accepted() {
            TestPortal htmlOk = TestPortal.builder()
                    .documentPolicy(DocumentPolicy.builder()
                            .allowedMediaTypes(Set.of("text/plain", "text/html"))
                            .build())
                    .build();
            htmlOk.addPatient(clinic, patient);
            DocumentAdministration d = htmlOk.portal().documents(htmlOk.staff(clinic));

            assertThat(d.publish(upload(Samples.textThenScript(9 * 1024), "result.html")
                                    .build())
                            .mediaType())
                    .isEqualTo("text/html");
            assertThatThrownBy(() -> d.publish(upload(Samples.textThenScript(9 * 1024), "result.txt")
                            .build()))
                    .isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("fileName"));
        }
    }
}
