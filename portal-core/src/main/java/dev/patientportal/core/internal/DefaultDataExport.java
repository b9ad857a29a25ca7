package dev.patientportal.core.internal;

import dev.patientportal.core.AccessDeniedException;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.DataExport;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientRecord;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffPermission;
import java.util.Objects;

/** Staff's data export; see {@link DataExport}. */
public final class DefaultDataExport extends Operations implements DataExport {
    private final Staff staff;

    /** Binds the facade to a staff member. */
    public DefaultDataExport(PortalContext ctx, Staff staff) {
        super(ctx, staff.institution(), Actor.staff(staff.id()), null);
        this.staff = staff;
    }

    @Override
    public PatientRecord export(PatientId patient) {
        Objects.requireNonNull(patient, "patient");
        return execute(AuditActions.DATA_EXPORT, patient, null, unit -> {
            if (!staff.can(StaffPermission.EXPORT_DATA)) {
                throw new AccessDeniedException("Exporting a patient's data needs the EXPORT_DATA permission");
            }
            PatientRecord record = new RecordCollector(ctx, institution, patient, PatientRecord.Scope.STAFF).collect();
            success(AuditActions.DATA_EXPORT, patient, null, RecordCollector.details(record));
            return record;
        });
    }

    /** The patient's own export, for {@link DefaultPatientView}: its one audited operation. */
    static PatientRecord patientExport(Operations view, PatientId patient) {
        return view.execute(AuditActions.PATIENT_EXPORT, patient, null, unit -> {
            PatientRecord record =
                    new RecordCollector(view.ctx, view.institution, patient, PatientRecord.Scope.PATIENT).collect();
            view.success(AuditActions.PATIENT_EXPORT, patient, null, RecordCollector.details(record));
            return record;
        });
    }
}
