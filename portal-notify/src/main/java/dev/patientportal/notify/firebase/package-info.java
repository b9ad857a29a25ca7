/**
 * The push channel through Firebase Cloud Messaging: {@link dev.patientportal.notify.firebase.FirebasePushChannel}.
 * Public API, semantic versioning. Needs the optional dependencies {@code com.google.firebase:firebase-admin} and
 * {@code com.google.http-client:google-http-client-jackson2}.
 */
@NullMarked
package dev.patientportal.notify.firebase;

import org.jspecify.annotations.NullMarked;
