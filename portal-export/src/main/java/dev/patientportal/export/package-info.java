/**
 * A patient's data export (GDPR Art. 15, access, and Art. 20, portability) as one streamed ZIP archive:
 * {@link dev.patientportal.export.ExportArchive} writes a {@link dev.patientportal.core.PatientRecord} from
 * {@link dev.patientportal.core.PatientView#export()} or {@link dev.patientportal.core.DataExport#export} as JSON files
 * (Jackson), the documents' bytes, and, when HAPI FHIR's R4 structures are on the class path, a FHIR R4 {@code Bundle}.
 */
@NullMarked
package dev.patientportal.export;

import org.jspecify.annotations.NullMarked;
