package org.hopcast.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The retail example reads as a user's file with covariates, and has the effects it promises. */
class RetailExampleTest {
    @Test
    void itReadsWithItsRolesAndShowsItsEffects() {
        RetailExample.Generated g = RetailExample.generate(730, 1);
        assertEquals(g.history(), RetailExample.generate(730, 1).history(), "the same seed, the same file");
        SeriesTable read = SeriesCsvReader.read(SeriesSource.bytes("retail.csv",
                g.history().getBytes(StandardCharsets.UTF_8)), ReadOptions.defaults());
        assertEquals(730, read.rows());
        assertEquals(RetailExample.columns(), read.columns());
        PreparedSeries p = PreparedSeries.of(read, SplitProtocol.parse("ratio"), new WindowSpec(56, 14),
                new ColumnRoles(null, List.of("price_A", "price_B", "price_C"), List.of("promo_A", "promo_B", "promo_C"),
                        List.of("on")));
        assertEquals(List.of("sales_A", "sales_B", "sales_C"), p.table().columns());
        assertEquals(3 + 4, p.covariates().known(), "three promotions and weekday and day of year, known ahead");
        // a promotion lifts its product; the store is closed on Christmas Day
        double[] sales = read.column(0);
        double[] promo = read.column(3);
        double on = 0;
        double off = 0;
        int nOn = 0;
        int nOff = 0;
        for (int t = 0; t < read.rows(); t++) {
            String day = Timestamps.format(read.timestamp(t));
            if (day.startsWith("2021-12-25") || day.startsWith("2022-12-25") || day.startsWith("2022-01-01")) {
                assertEquals(0.0, sales[t], day);
            }
            if (promo[t] > 0) {
                on += sales[t];
                nOn++;
            } else {
                off += sales[t];
                nOff++;
            }
        }
        assertTrue(nOn > 30 && on / nOn > 1.5 * off / nOff, "promotion days " + on / nOn + " vs " + off / nOff);
        // the plan starts the day after the history and covers every promotion column
        String[] plan = g.plan().split("\n");
        assertEquals("date,promo_A,promo_B,promo_C", plan[0]);
        assertEquals(RetailExample.PLANNED_DAYS + 1, plan.length);
        assertEquals(RetailExample.START.plusDays(730).toString(), plan[1].split(",")[0]);
    }

    @Test
    void theStoresReadAsManySeriesFromTheirOwnOpenings() {
        RetailExample.Generated g = RetailExample.generateStores(730, 1);
        PanelReader.Panel p = PanelReader.read(SeriesSource.bytes("retail-stores.csv",
                g.history().getBytes(StandardCharsets.UTF_8)), ReadOptions.defaults(), List.of("store", "product"));
        assertEquals(RetailExample.STORES * RetailExample.PRODUCTS.size(), p.ids().size());
        assertEquals("store1/A", p.ids().get(0));
        assertEquals(730, p.table("store1/A").rows());
        int late = 730 - (RetailExample.STORES - 1) * RetailExample.OPENING_GAP;
        assertEquals(late, p.table("store4/C").rows(), "the last store's series start at its opening");
        assertEquals(List.of("sales", "promo", "price"), p.table("store2/B").columns());
        PanelReader.Panel plan = PanelReader.read(SeriesSource.bytes("plan.csv", g.plan().getBytes(
                StandardCharsets.UTF_8)), ReadOptions.defaults(), List.of("store", "product"));
        assertEquals(RetailExample.PLANNED_DAYS, plan.table("store4/C").rows());
        assertEquals(RetailExample.START.plusDays(730).toString() + " 00:00:00",
                Timestamps.format(plan.table("store4/C").timestamp(0)));
    }
}
