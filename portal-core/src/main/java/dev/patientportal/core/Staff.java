package dev.patientportal.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * A staff member acting in the portal: the institution they act for, their id and the permissions the host grants
 * them. The host builds this from its own authenticated user; the portal trusts it.
 *
 * @param institution the institution the staff member acts for
 * @param id the staff member
 * @param permissions what they may do
 */
public record Staff(InstitutionId institution, StaffId id, Set<StaffPermission> permissions) {
    /**
     * Copies the permissions.
     *
     * @param institution the institution the staff member acts for
     * @param id the staff member
     * @param permissions what they may do
     */
    public Staff {
        java.util.Objects.requireNonNull(institution, "institution");
        java.util.Objects.requireNonNull(id, "id");
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }

    /**
     * A staff member with the given permissions.
     *
     * @param institution the institution
     * @param id the staff member
     * @param permissions what they may do
     * @return the staff member
     */
    public static Staff of(InstitutionId institution, StaffId id, StaffPermission... permissions) {
        return new Staff(institution, id, Set.of(permissions));
    }

    /**
     * Tells whether the staff member holds a permission.
     *
     * @param permission the permission
     * @return {@code true} when held
     */
    public boolean can(StaffPermission permission) {
        return permissions.contains(permission);
    }
}
