package org.hopcast.forecasting.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.hopcast.hopfield.separation.SeparationBenchmark;

/**
 * {@code bench separation} for callers that hold no tensors (the command line): score shapes as dimension lists,
 * the arrays made and freed here.
 */
public final class SeparationTimings {
    private SeparationTimings() {
    }

    /** The timings, the shapes they were taken on (as text) and the alpha alpha-entmax ran at. */
    public record Result(List<SeparationBenchmark.Row> rows, List<String> shapes, double alpha) {
        /** As {@code bench separation --json} prints it: one object per function. */
        public List<Map<String, Object>> toJson() {
            List<Map<String, Object>> list = new ArrayList<>();
            for (SeparationBenchmark.Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.name());
                m.put("ms", r.millis());
                m.put("ratio_to_softmax", r.ratioToSoftmax());
                m.put("max_abs_err", r.maxAbsError());
                list.add(m);
            }
            return list;
        }
    }

    /** Times every separation function on {@code shapes} (null: the paper's), median of {@code iterations}. */
    public static Result run(List<long[]> shapes, int warmup, int iterations, long seed) {
        List<Shape> chosen = shapes == null ? SeparationBenchmark.PAPER_SHAPES
                : shapes.stream().map(Shape::new).toList();
        try (NDManager manager = NDManager.newBaseManager()) {
            List<SeparationBenchmark.Row> rows = SeparationBenchmark.run(manager, chosen, warmup, iterations, seed);
            return new Result(rows, chosen.stream().map(Shape::toString).toList(),
                    1 + 1 / (1 + Math.exp(-SeparationBenchmark.ALPHA_LOGIT)));
        }
    }
}
