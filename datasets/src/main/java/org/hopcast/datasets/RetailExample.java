package org.hopcast.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A generated retail file for trying targets and covariates (README, tests): daily sales of a few products in one
 * store, with the effects a forecaster meets in such data. Each product sells by its own weekday pattern and yearly
 * season, more before Christmas and nothing on the days the store is closed (25 December, 1 January); a promotion
 * (its discount depth, planned ahead: a future covariate) lifts its product's sales with diminishing returns and
 * takes some from the next product; the shelf price moves as a random walk and is only observed (a past covariate):
 * dearer sells less. Also writes the promotion plan for the weeks after the file's end, as {@code forecast --future}
 * takes it.
 */
public final class RetailExample {
    /** The products' names: columns {@code sales_P}, {@code promo_P} and {@code price_P}. */
    public static final List<String> PRODUCTS = List.of("A", "B", "C");
    /** The first day of the file (a Monday). */
    public static final LocalDate START = LocalDate.of(2021, 1, 4);
    /** Days of planned promotions after the file's end. */
    public static final int PLANNED_DAYS = 28;
    /** Days of history written by default (three years). */
    public static final int DEFAULT_DAYS = 1095;
    /** The seed written by default. */
    public static final long DEFAULT_SEED = 1;

    private RetailExample() {
    }

    /** The columns of the history file after the date: sales, then promotions, then prices, per product. */
    public static List<String> columns() {
        List<String> out = new ArrayList<>();
        PRODUCTS.forEach(p -> out.add("sales_" + p));
        PRODUCTS.forEach(p -> out.add("promo_" + p));
        PRODUCTS.forEach(p -> out.add("price_" + p));
        return out;
    }

    /**
     * The column roles the example is made for (the README's command and the desktop app's sample): the sales are the
     * targets, the prices only observed, the promotions known ahead.
     */
    public static ColumnRoles roles() {
        return new ColumnRoles(PRODUCTS.stream().map(p -> "sales_" + p).toList(),
                PRODUCTS.stream().map(p -> "price_" + p).toList(), PRODUCTS.stream().map(p -> "promo_" + p).toList(),
                List.of("on"));
    }

    /** The generated days: {@code days} of history and {@link #PLANNED_DAYS} of plan, as two CSV texts. */
    public record Generated(String history, String plan) {
    }

    /** Generates {@code days} days of history (at least 60) and the plan after them, from {@code seed}. */
    public static Generated generate(int days, long seed) {
        return generate(START, days, seed, 1);
    }

    /** As above from {@code start}, every product's sales scaled by {@code size} (a bigger or smaller store). */
    static Generated generate(LocalDate start, int days, long seed, double size) {
        if (days < 60) {
            throw new IllegalArgumentException("at least 60 days, not " + days);
        }
        Random r = new Random(seed);
        int n = PRODUCTS.size();
        int total = days + PLANNED_DAYS;
        double[][] promo = new double[total][n];
        for (int p = 0; p < n; p++) {
            int d = r.nextInt(20);
            while (d < total) {
                int length = 3 + r.nextInt(5);
                double depth = new double[] {0.1, 0.2, 0.3}[r.nextInt(3)];
                for (int k = d; k < Math.min(total, d + length); k++) {
                    promo[k][p] = depth;
                }
                d += length + 10 + r.nextInt(25);
            }
        }
        double[] base = {40 * size, 25 * size, 12 * size};
        double[] weekendLift = {1.4, 0.8, 1.1};
        double[] price = {3.0, 5.5, 9.0};
        double[] walk = price.clone();
        StringBuilder history = new StringBuilder("date," + String.join(",", columns()) + "\n");
        for (int t = 0; t < days; t++) {
            LocalDate day = start.plusDays(t);
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            MonthDay md = MonthDay.from(day);
            boolean closed = md.equals(MonthDay.of(12, 25)) || md.equals(MonthDay.of(1, 1));
            boolean christmasWeeks = day.getMonthValue() == 12 && day.getDayOfMonth() >= 10 && day.getDayOfMonth() <= 24;
            double year = Math.sin(2 * Math.PI * (day.getDayOfYear() - 80) / 365.25);
            double[] sales = new double[n];
            for (int p = 0; p < n; p++) {
                walk[p] = Math.max(0.6 * price[p], walk[p] + 0.02 * price[p] * r.nextGaussian());
                double level = base[p] * (1 + 0.02 * t / 30.0) * (1 + 0.15 * year * (p == 0 ? 1 : -1))
                        * (weekend ? weekendLift[p] : 1) * (christmasWeeks ? 1.6 : 1)
                        * Math.pow(walk[p] / price[p], -1.5);
                double uplift = 1.5 * (1 - Math.exp(-8 * promo[t][p]));
                double cannibal = promo[t][(p + n - 1) % n] > 0 ? 0.85 : 1;
                double mean = closed ? 0 : level * (1 + uplift) * cannibal;
                double noise = r.nextGaussian(); // drawn on closed days too, so one day's rule moves no other day
                sales[p] = closed ? 0 : Math.max(0, Math.round(mean + Math.sqrt(mean + 1) * noise));
            }
            history.append(day);
            for (double s : sales) {
                history.append(',').append((long) s);
            }
            for (int p = 0; p < n; p++) {
                history.append(',').append(format(promo[t][p]));
            }
            for (int p = 0; p < n; p++) {
                history.append(',').append(String.format(Locale.ROOT, "%.2f", walk[p]));
            }
            history.append('\n');
        }
        StringBuilder plan = new StringBuilder("date");
        PRODUCTS.forEach(p -> plan.append(",promo_").append(p));
        plan.append('\n');
        for (int t = days; t < total; t++) {
            plan.append(start.plusDays(t));
            for (int p = 0; p < n; p++) {
                plan.append(',').append(format(promo[t][p]));
            }
            plan.append('\n');
        }
        return new Generated(history.toString(), plan.toString());
    }

    /** Stores in the many-store example, and the days between their openings. */
    public static final int STORES = 4;
    public static final int OPENING_GAP = 91;

    /**
     * The same shop as {@link #generate} in {@link #STORES} stores of different sizes that opened a quarter apart, in
     * long format ({@code store,product,date,sales,promo,price}): a file for {@code --id-column store,product}, each
     * series from its own store's opening; and the plan after it in the same form ({@code store,product,date,promo}).
     */
    public static Generated generateStores(int days, long seed) {
        StringBuilder history = new StringBuilder("store,product,date,sales,promo,price\n");
        StringBuilder plan = new StringBuilder("store,product,date,promo\n");
        for (int s = 0; s < STORES; s++) {
            int open = s * OPENING_GAP;
            Generated g = generate(START.plusDays(open), days - open, seed + s, 0.5 + 0.5 * s);
            String store = "store" + (s + 1);
            toLong(g.history(), 3, store, history); // sales, promotions, prices
            toLong(g.plan(), 1, store, plan); // promotions
        }
        return new Generated(history.toString(), plan.toString());
    }

    /**
     * Appends the rows of {@code wide} (a header, then {@code date} and {@code groups} blocks of one column per
     * product) to {@code out} in long format: one row per day and product, {@code store,product,date} and the
     * product's column of each block.
     */
    private static void toLong(String wide, int groups, String store, StringBuilder out) {
        int n = PRODUCTS.size();
        for (String line : wide.split("\n")) {
            if (line.startsWith("date")) {
                continue;
            }
            String[] c = line.split(",");
            for (int p = 0; p < n; p++) {
                out.append(store).append(',').append(PRODUCTS.get(p)).append(',').append(c[0]);
                for (int k = 0; k < groups; k++) {
                    out.append(',').append(c[1 + k * n + p]);
                }
                out.append('\n');
            }
        }
    }

    private static String format(double depth) {
        return String.format(Locale.ROOT, "%.1f", depth);
    }

    /**
     * Writes {@code retail.csv} and {@code retail-future.csv} (one store) and {@code retail-stores.csv} and
     * {@code retail-stores-future.csv} (four, long format) into {@code dir}; returns the four paths.
     */
    public static List<Path> write(Path dir, int days, long seed) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        Generated one = generate(days, seed);
        Generated stores = generateStores(days, seed);
        for (String[] f : new String[][] {{"retail.csv", one.history()}, {"retail-future.csv", one.plan()},
            {"retail-stores.csv", stores.history()}, {"retail-stores-future.csv", stores.plan()}}) {
            Path p = dir.resolve(f[0]);
            Files.writeString(p, f[1]);
            out.add(p);
        }
        return out;
    }
}
