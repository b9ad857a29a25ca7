/**
 * The package tiers of the SDK as ArchUnit rules, so that every module's build, and a host's, can check them:
 * {@link dev.patientportal.testkit.architecture.PortalArchitecture}. Needs {@code com.tngtech.archunit:archunit} on the
 * test class path (an optional dependency of this artifact). Nothing in this package is {@code null} unless marked
 * {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.patientportal.testkit.architecture;

import org.jspecify.annotations.NullMarked;
