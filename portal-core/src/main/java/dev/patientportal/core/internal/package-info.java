/**
 * Implementation of the core API. <strong>No compatibility guarantee:</strong> anything here may change or disappear
 * in any release; hosts must not use it (an architecture test in the SDK enforces that the SDK's other modules do not).
 */
@NullMarked
package dev.patientportal.core.internal;

import org.jspecify.annotations.NullMarked;
