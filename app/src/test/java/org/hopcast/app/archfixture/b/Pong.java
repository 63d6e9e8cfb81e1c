package org.hopcast.app.archfixture.b;

import org.hopcast.app.archfixture.a.Ping;

/** The other half of the package cycle in {@code org.hopcast.app.archfixture}. */
public final class Pong {
    public Ping ping() {
        return new Ping();
    }
}
