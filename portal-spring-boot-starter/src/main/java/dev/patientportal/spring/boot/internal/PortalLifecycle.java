package dev.patientportal.spring.boot.internal;

import dev.patientportal.jpa.JpaPortal;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the portal's outbox dispatcher and housekeeping with the application context: started after every bean is
 * ready (the portal is built with {@code deferStart()}), stopped first at shutdown, before the data source and the
 * entity manager factory close. Stopping closes the portal (it finishes deliveries in flight and gives back what it
 * claimed); a closed portal cannot start again, so a context that is stopped and started again needs a new one.
 */
public final class PortalLifecycle implements SmartLifecycle {
    private final JpaPortal portal;

    /**
     * Runs a portal.
     *
     * @param portal the portal, built with {@code deferStart()}
     */
    public PortalLifecycle(JpaPortal portal) {
        this.portal = Objects.requireNonNull(portal, "portal");
    }

    @Override
    public void start() {
        portal.start();
    }

    @Override
    public void stop() {
        portal.close();
    }

    @Override
    public boolean isRunning() {
        return portal.isRunning();
    }
}
