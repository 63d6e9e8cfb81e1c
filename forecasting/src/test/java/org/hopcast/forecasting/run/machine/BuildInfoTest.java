package org.hopcast.forecasting.run.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The build stamps the versions every run's provenance records (the file sits beside BuildInfo). */
class BuildInfoTest {
    @Test
    void versionsAreStampedByTheBuild() {
        assertNotEquals("unknown", BuildInfo.hopcastVersion());
        assertNotEquals("unknown", BuildInfo.djlVersion());
        assertTrue(BuildInfo.djlVersion().matches("\\d+\\.\\d+\\.\\d+.*"), BuildInfo.djlVersion());
        // built from a clone (as every test run is): the commit, and whether the tree had uncommitted changes
        assertTrue(BuildInfo.commit().matches("[0-9a-f]{12}(-dirty)?"), BuildInfo.commit());
        assertEquals(BuildInfo.commit(), BuildInfo.versions().get("commit"));
    }

    @Test
    void provenanceSaysWhichKernelsDecidedTheLastBits() {
        // the build's JVMs resolve the Vector API, as the launcher's do
        assertEquals("lanes", BuildInfo.versions().get("alpha_entmax"));
        assertEquals("java", BuildInfo.versions().get("dropout_masks"));
    }
}
