package org.hopcast.hopfield;

import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Tests that create arrays get a fresh manager per test, closed after it. */
public abstract class ManagedTest {
    protected NDManager m;

    @BeforeEach
    protected void openManager() {
        m = NDManager.newBaseManager();
    }

    @AfterEach
    protected void closeManager() {
        m.close();
    }
}
