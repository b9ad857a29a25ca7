/**
 * Entities, mappings and the store implementations of {@code portal-jpa}. <strong>No compatibility guarantee:</strong>
 * anything here may change or disappear in any release; hosts must not use it. The tables these entities map are the
 * contract (see the migrations under {@code db/portal-migration}); the classes are not.
 */
@NullMarked
package dev.patientportal.jpa.internal;

import org.jspecify.annotations.NullMarked;
