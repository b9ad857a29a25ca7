/**
 * The starter's implementation: the Spring transaction runner, the settings check, the failure analyzer, the
 * lifecycle and the migrations. <strong>No compatibility guarantee:</strong> hosts must not use it.
 */
@NullMarked
package dev.patientportal.spring.boot.internal;

import org.jspecify.annotations.NullMarked;
