package dev.patientportal.core.internal;

import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientSession;
import dev.patientportal.core.spi.DocumentQuery;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one rule that decides what a patient sees: a document of the session's institution and patient, in state
 * {@link DocumentState#VISIBLE}. Every patient read path builds its store query here and checks each result here again,
 * so a store that ignored part of the query still cannot leak a document.
 */
public final class DocumentVisibility {
    /** The only state a patient ever sees. */
    public static final Set<DocumentState> PATIENT_STATES = Set.of(DocumentState.VISIBLE);

    private DocumentVisibility() {}

    /** Whether the session's patient may see the document. */
    public static boolean isVisibleTo(PatientSession session, Document document) {
        return document.state() == DocumentState.VISIBLE
                && document.institution().equals(session.institution())
                && document.patient().equals(session.patient());
    }

    /** The store query for the session's visible documents. */
    public static DocumentQuery query(
            PatientSession session, @Nullable DocumentType type, DocumentQuery.@Nullable Position after, int limit) {
        return new DocumentQuery(session.institution(), session.patient(), PATIENT_STATES, type, after, limit);
    }

    /** Whether a document belongs to an institution (for staff paths). */
    public static boolean belongsTo(InstitutionId institution, Document document) {
        return document.institution().equals(institution);
    }
}
