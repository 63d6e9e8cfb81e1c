package org.hopcast.datasets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many series of one file ready for one forecaster: each series split by the protocol over its own rows and scaled
 * by its own training part (a store that sells ten times more is not ten times louder), its windows its own (none
 * spans two series) and its history only what the file has (a series that starts later starts later). A series too
 * short for one window in every split is left out and said so.
 *
 * @param panel the file as read
 * @param ids the series kept, in the file's order
 * @param members each kept series, prepared
 * @param skipped the series left out, with why
 */
public record PreparedPanel(PanelReader.Panel panel, List<String> ids, List<PreparedSeries> members,
        Map<String, String> skipped) {
    public PreparedPanel {
        ids = List.copyOf(ids);
        members = List.copyOf(members);
        skipped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    /** Splits and scales every series of {@code panel}, the columns in {@code roles}' roles. */
    public static PreparedPanel of(PanelReader.Panel panel, SplitProtocol protocol, WindowSpec window,
            ColumnRoles roles) {
        List<String> ids = new ArrayList<>();
        List<PreparedSeries> members = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (int i = 0; i < panel.ids().size(); i++) {
            String id = panel.ids().get(i);
            try {
                members.add(PreparedSeries.of(panel.tables().get(i), protocol, window, roles));
                ids.add(id);
            } catch (DataException e) {
                if (e.setting() != null) {
                    throw e; // a setting that no series can take: not this series' length
                }
                skipped.put(id, e.getMessage());
            }
        }
        if (members.isEmpty()) {
            throw DataException.of(panel.source(), "no series is long enough for one window in every split (" + skipped
                    .size() + " series; the first: " + skipped.values().iterator().next() + ")",
                    "Shorten in-len/out-len, or choose a split that gives each series more rows.");
        }
        return new PreparedPanel(panel, ids, members, skipped);
    }

    /**
     * What {@code data describe} says of a file of many series: how many, how long (shortest, median, longest),
     * when the first and the last start, the windows of every split together, and the series left out.
     */
    public record Description(String source, List<String> idColumns, int series, int skipped, int minRows,
            int medianRows, int maxRows, String firstStart, String lastStart, SplitSizes windows, List<String> columns,
            String firstSkipped) {
    }

    /** This panel described (timestamps formatted; null without them). */
    public Description describe() {
        int[] rows = members.stream().mapToInt(m -> m.table().rows()).sorted().toArray();
        long[] starts = members.stream().filter(m -> m.table().hasTimestamps()).mapToLong(m -> m.table().timestamp(0))
                .sorted().toArray();
        SplitLayout pooled = SplitLayout.pooled(members.stream().map(PreparedSeries::layout).toList());
        return new Description(panel.source(), panel.idColumns(), ids.size(), skipped.size(), rows[0],
                rows[rows.length / 2], rows[rows.length - 1], starts.length == 0 ? null : Timestamps.format(starts[0]),
                starts.length == 0 ? null : Timestamps.format(starts[starts.length - 1]), new SplitSizes(
                pooled.windows(Split.TRAIN), pooled.windows(Split.VAL), pooled.windows(Split.TEST)),
                members.get(0).table().columns(), skipped.isEmpty() ? null : skipped.entrySet().iterator().next()
                        .toString());
    }

    /** Series {@code id}, prepared. */
    public PreparedSeries member(String id) {
        int i = ids.indexOf(id);
        if (i < 0) {
            throw new IllegalArgumentException("no series " + id + (skipped.containsKey(id) ? " (left out: "
                    + skipped.get(id) + ")" : ""));
        }
        return members.get(i);
    }

    /** The same series scaled with a trained model's statistics for each ({@code scalers} by id: targets, covariates). */
    public PreparedPanel withScalers(Map<String, StandardScaler[]> scalers) {
        List<PreparedSeries> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            StandardScaler[] s = scalers.get(ids.get(i));
            if (s == null) {
                throw new IllegalArgumentException("no statistics for series " + ids.get(i));
            }
            out.add(members.get(i).withScalers(s[0], s[1]));
        }
        return new PreparedPanel(panel, ids, out, skipped);
    }
}
