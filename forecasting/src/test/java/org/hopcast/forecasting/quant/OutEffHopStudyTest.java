package org.hopcast.forecasting.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.outliers.OutlierStudy;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.service.RunService;
import org.hopcast.forecasting.train.TrainingListener;
import org.hopcast.hopfield.probe.LayerStatistics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outlier statistics and W8A8 evaluation on a small trained model. */
class OutEffHopStudyTest {
    @TempDir
    static Path tmp;
    static Path run;
    static RunSpec spec;

    @BeforeAll
    static void train() {
        spec = TinyRuns.spec(Map.of("epochs", 2, "separation", "softmax_1"));
        run = tmp.resolve("run");
        RunService.train(spec, run, new TrainingListener() {
        }, () -> false);
    }

    private static PreparedSeries data() {
        return PreparedSeries.prepare(spec.data().toRequest(24, 12));
    }

    private static Parameter param(TrainedModel m, String path) {
        for (Pair<String, Parameter> p : m.net().getParameters()) {
            // DJL prefixes each child's name with its position ("07decoder_layer1_04mlp_02fc2_bias")
            if (p.getKey().replaceAll("(^|_)\\d\\d", "$1").equals(path)) {
                return p.getValue();
            }
        }
        throw new AssertionError("no parameter " + path);
    }

    @Test
    void everyModuleIsMeasuredAndTheDecoderSetIsItsSubset() {
        RunService.Study s = RunService.study(run, null, "cpu", true, List.of(), 1);
        OutlierStudy.Result r = s.outliers();
        assertTrue(r.all().paths() > r.decoder().paths() && r.decoder().paths() >= 3 * 8, r.decoder().paths() + "");
        for (LayerStatistics l : r.layers()) {
            assertTrue(Double.isFinite(l.meanKurtosis()) && l.meanInfNorm() >= 0, l.path());
        }
        assertTrue(Files.isRegularFile(run.resolve("outliers/outliers.csv")));
        assertTrue(Files.isRegularFile(run.resolve("outliers/kurtosis.png")));
        assertTrue(Files.isRegularFile(run.resolve("outliers/inf_norm.png")));
        // outliers.json is its record, read back as it was written
        OutlierStudy.File file = OutlierStudy.File.read(run);
        assertEquals(r.toFile(), file);
        assertEquals(r.decoder().paths(), file.decoder().modules());
        assertEquals(r.layers().size(), file.layers().size());
        // every head of every Hopfield layer, with softmax_1's null mass
        assertEquals(r.heads().size(), file.heads().size());
        assertTrue(file.heads().stream().allMatch(h -> h.nullMass() != null && h.nullMass() >= 0));
        long layers = r.heads().stream().map(org.hopcast.hopfield.probe.HeadRecorder.Head::path).distinct().count();
        assertEquals(layers * spec.model().heads(), r.heads().size(), "every layer reports each of its heads");
        assertTrue(layers >= 3 * 2, "layers " + layers);
        for (OutlierStudy.File.HeadRow h : file.heads()) {
            double nul = h.nullMass();
            assertTrue(nul > 0 && nul < 1 && h.top1Mass() > 0 && h.top1Mass() <= 1 - nul + 1e-6, h.toString());
            assertTrue(h.entropy() >= 0, h.toString());
        }
        assertTrue(Files.isRegularFile(run.resolve("outliers/heads.csv")));
    }

    @Test
    void aSweepCoversEveryBitWidthAndDrawsItsChart() {
        RunService.Study s = RunService.study(run, null, "cpu", false, QuantScheme.parseList("sweep", false), 2);
        QuantizationStudy.Sweep sweep = s.quantization();
        assertEquals(9, sweep.results().size());
        assertEquals(QuantScheme.W8A8, sweep.results().get(0).scheme());
        assertEquals(9, s.toJson().getAsJsonArray("sweep").size());
        for (QuantizationStudy.Result r : sweep.results()) {
            assertTrue(Double.isFinite(r.quantized().mse()) && r.drift() >= 0, r.scheme().name());
        }
        // 4-bit weights and activations move the forecasts more than 8-bit ones
        assertTrue(sweep.of(new QuantScheme(4, 4, false)).drift() > 4 * sweep.of(QuantScheme.W8A8).drift());
        assertTrue(Files.isRegularFile(run.resolve("quantization-sweep.png")));
        assertTrue(Files.isRegularFile(run.resolve("quantization-sweep.json")));
        // one scheme: the flat JSON of W8A8 reports
        com.google.gson.JsonObject one = RunService.study(run, null, "cpu", false,
                List.of(new QuantScheme(4, 8, true)), 2).toJson();
        assertEquals("w4a8-per-channel", one.get("scheme").getAsString());
        assertTrue(one.has("quantized_mse") && one.has("mse_degradation_percent") && one.has("source"), one.toString());
    }

    @Test
    void afterSoftmaxNoHeadReportsANullMass() {
        Path plain = tmp.resolve("plain");
        RunService.train(TinyRuns.spec(Map.of("epochs", 1, "separation", "softmax")), plain, new TrainingListener() {
        }, () -> false);
        OutlierStudy.Result r = RunService.study(plain, null, "cpu", true, List.of(), 1).outliers();
        assertTrue(!r.reportsNullMass() && !r.heads().isEmpty());
        for (OutlierStudy.File.HeadRow h : r.toFile().heads()) {
            assertTrue(h.nullMass() == null, h.toString());
        }
        // softmax rows sum to one: what would be null mass is rounding only
        assertTrue(r.heads().stream().allMatch(h -> Math.abs(h.nullMass()) < 1e-5));
    }

    @Test
    void aPlantedOutlierIsReportedAtItsPath() {
        try (TrainedModel m = TrainedModel.load(run, "cpu")) {
            // one hidden channel of decoder layer 1's MLP fires at 500 on every row
            NDArray bias = param(m, "decoder_layer1_mlp_fc2_bias").getArray();
            float[] b = bias.toFloatArray();
            b[3] = 500;
            bias.set(b);
            OutlierStudy.Result r = OutlierStudy.run(m, data(), 64);
            assertEquals("decoder.layer1.mlp", r.decoder().maxInfNormPath());
            assertTrue(r.decoder().maxInfNorm() > 400, "inf norm " + r.decoder().maxInfNorm());
            double planted = r.layers().stream().filter(l -> l.path().equals("decoder.layer1.mlp")).findFirst()
                    .orElseThrow().meanKurtosis();
            double neighbour = r.layers().stream().filter(l -> l.path().equals("decoder.layer0.mlp")).findFirst()
                    .orElseThrow().meanKurtosis();
            assertTrue(planted > 5 * neighbour, "kurtosis " + planted + " vs " + neighbour);
        }
    }

    @Test
    void quantizationNeverTouchesTheSavedOrLoadedFpModel() throws Exception {
        String before = sha256(run.resolve("best.params"));
        try (TrainedModel m = TrainedModel.load(run, "cpu")) {
            float[] w = param(m, "decoder_layer0_cross_hopfield_query_weight").getArray().toFloatArray();
            QuantizationStudy.Result q = QuantizationStudy.run(m, data(), 4, 32, 1);
            assertTrue(q.weights() > 50 && q.sites() > 100, q.weights() + " weights, " + q.sites() + " sites");
            float[] after = param(m, "decoder_layer0_cross_hopfield_query_weight").getArray().toFloatArray();
            for (int i = 0; i < w.length; i++) {
                assertEquals(w[i], after[i], 0f, "in-memory FP weight " + i);
            }
            assertTrue(Math.abs(q.degradation()) < 0.5, "a sane model quantizes reasonably: " + q.degradation());
        }
        assertEquals(before, sha256(run.resolve("best.params")));
    }

    @Test
    void aHiddenLargeActivationHurtsW8A8ButNotFp() {
        // Feature 3 of the last decoder layer's output norm feeds only the prediction head; its column of the
        // head is zeroed in both models, so the float models ignore it. In the second model the norm's bias
        // (kept in float) puts 10,000 there: float outputs are unchanged, but that activation site's 8-bit
        // grid becomes ~40 units wide and every ordinary feature quantizes to 0 before the head.
        QuantizationStudy.Result clean;
        try (TrainedModel m = TrainedModel.load(run, "cpu")) {
            hideFeature(m, 3, false);
            clean = QuantizationStudy.run(m, data(), 4, 32, 1);
        }
        try (TrainedModel m = TrainedModel.load(run, "cpu")) {
            hideFeature(m, 3, true);
            QuantizationStudy.Result spiked = QuantizationStudy.run(m, data(), 4, 32, 1);
            assertEquals(clean.fp().mse(), spiked.fp().mse(), 1e-4 * clean.fp().mse(), "FP is unaffected");
            // the quantized predictions move far from the float ones, whatever the model's own accuracy
            assertTrue(spiked.drift() > 20 * clean.drift(), "W8A8 drift from FP: " + clean.drift() + " -> "
                    + spiked.drift());
        }
    }

    private static void hideFeature(TrainedModel m, int feature, boolean spike) {
        NDArray head = param(m, "decoder_layer2_predict_weight").getArray(); // (seg_len, d)
        int d = (int) head.getShape().get(1);
        float[] w = head.toFloatArray();
        for (int row = 0; row < head.getShape().get(0); row++) {
            w[row * d + feature] = 0;
        }
        head.set(w);
        if (spike) {
            NDArray beta = param(m, "decoder_layer2_norm2_beta").getArray();
            float[] b = beta.toFloatArray();
            b[feature] = 10_000;
            beta.set(b);
        }
    }

    private static String sha256(Path p) throws IOException, java.security.NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
