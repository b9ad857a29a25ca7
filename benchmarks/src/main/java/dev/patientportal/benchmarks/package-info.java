/** JMH benchmarks of the SDK, each measured next to the baseline it is compared with. Not published. */
package dev.patientportal.benchmarks;
