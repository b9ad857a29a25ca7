/** A runnable tour of the Patient Portal SDK: a tiny host application on in-memory adapters. */
@NullMarked
package dev.patientportal.examples.tour;

import org.jspecify.annotations.NullMarked;
