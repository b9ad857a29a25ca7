/**
 * The security suite of login: one test class per rule, named after it, covering the authentication and session rows
 * of NIST SP 800-63B rev 4 and OWASP ASVS 5.0 in DESIGN section 7 and the bugs others shipped.
 */
@NullMarked
package dev.patientportal.auth.security;

import org.jspecify.annotations.NullMarked;
