/** The archive's parts: JSON files and the FHIR bundle. Not API. */
@NullMarked
package dev.patientportal.export.internal;

import org.jspecify.annotations.NullMarked;
