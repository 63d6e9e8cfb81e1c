package org.hopcast.app.archfixture.a;

import org.hopcast.app.archfixture.b.Pong;

/** Half of a package cycle that {@code ArchitectureTest} must reject. */
public final class Ping {
    public Pong pong() {
        return new Pong();
    }
}
