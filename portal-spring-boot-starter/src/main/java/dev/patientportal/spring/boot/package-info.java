/**
 * The Spring Boot starter of the Patient Portal SDK: {@link dev.patientportal.spring.boot.PortalAutoConfiguration}
 * wires a {@link dev.patientportal.jpa.JpaPortal} from {@link dev.patientportal.spring.boot.PortalProperties}
 * ({@code portal.*}) and the host's {@code PatientDirectory} and {@code SchedulingGateway} beans, on the application's
 * {@code DataSource}, JPA and {@code PlatformTransactionManager}. See {@code docs/spring-boot.md}.
 */
@NullMarked
package dev.patientportal.spring.boot;

import org.jspecify.annotations.NullMarked;
