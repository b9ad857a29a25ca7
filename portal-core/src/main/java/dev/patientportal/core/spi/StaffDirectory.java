package dev.patientportal.core.spi;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.StaffId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the host tells patients about its staff: the name or role to show in the patient's access log ("who looked at
 * my record"), and the clinic's own name. Optional: without it ({@link #none()}) every staff access shows the clinic.
 *
 * <p>Show what the clinic is willing to show: a name ("Dr. Kovács"), a role alone ("Front desk") or nothing (the clinic
 * stands for all). The portal never shows a staff id to a patient.
 *
 * <p><b>Threads and transactions:</b> called on the caller's thread, inside the unit of work of the access-log read,
 * once per staff member per page; may be called concurrently. Keep it quick (cache if it reads a directory service).
 */
@FunctionalInterface
public interface StaffDirectory {
    /**
     * What to show for one staff member.
     *
     * @param displayName the name to show, or {@code null} to show only the role
     * @param role the role to show, or {@code null}
     */
    record Listing(@Nullable String displayName, @Nullable String role) {
        /**
         * Checks that there is something to show.
         *
         * @param displayName the name to show, or {@code null} to show only the role
         * @param role the role to show, or {@code null}
         * @throws IllegalArgumentException when both are absent or blank
         */
        public Listing {
            if ((displayName == null || displayName.isBlank()) && (role == null || role.isBlank())) {
                throw new IllegalArgumentException("a listing needs a display name or a role");
            }
        }
    }

    /**
     * Finds what to show for a staff member.
     *
     * @param institution the institution
     * @param staff the staff member
     * @return what to show, or empty to show the clinic instead
     */
    Optional<Listing> find(InstitutionId institution, StaffId staff);

    /**
     * Returns the clinic's name, shown for staff the directory does not list.
     *
     * @param institution the institution
     * @return the name, or empty to show the generic "the clinic"
     */
    default Optional<String> institutionName(InstitutionId institution) {
        return Optional.empty();
    }

    /**
     * A directory that lists nobody: patients see the clinic for every staff access.
     *
     * @return the directory
     */
    static StaffDirectory none() {
        return (institution, staff) -> Optional.empty();
    }

    /**
     * A directory that lists nobody but knows the clinics' names.
     *
     * @param names the name of each institution
     * @return the directory
     */
    static StaffDirectory institutionNames(Map<InstitutionId, String> names) {
        Map<InstitutionId, String> copy = Map.copyOf(Objects.requireNonNull(names, "names"));
        return new StaffDirectory() {
            @Override
            public Optional<Listing> find(InstitutionId institution, StaffId staff) {
                return Optional.empty();
            }

            @Override
            public Optional<String> institutionName(InstitutionId institution) {
                return Optional.ofNullable(copy.get(institution));
            }
        };
    }
}
