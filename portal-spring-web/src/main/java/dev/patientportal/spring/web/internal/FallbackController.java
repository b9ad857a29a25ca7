package dev.patientportal.spring.web.internal;

import dev.patientportal.core.NotFoundException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Any other path under the base path: a 404 problem, not the host's error page. */
@RestController
public class FallbackController {
    /** Creates the controller. */
    public FallbackController() {}

    @RequestMapping("${portal.web.base-path:/portal/api}/**")
    void none() {
        throw new NotFoundException("no such endpoint");
    }
}
