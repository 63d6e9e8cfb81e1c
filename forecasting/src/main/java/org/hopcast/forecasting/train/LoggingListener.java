package org.hopcast.forecasting.train;

import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.OutlierRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a training's start, epochs and messages through SLF4J (logger {@code org.hopcast.training}). */
public final class LoggingListener implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger("org.hopcast.training");

    @Override
    public void onStart(Plan p) {
        LOG.info("training {} parameters on {}: {} steps per epoch, up to {} epochs, from epoch {} step {}",
                p.parameters(), p.device(), p.stepsPerEpoch(), p.epochs(), p.startEpoch(), p.startStep());
    }

    @Override
    public void onEpoch(EpochRecord e) {
        LOG.info("epoch {}: lr {} steps {} train {} val {} test {} ({} s){}", e.epoch(), e.learningRate(), e.steps(),
                e.trainLoss(), e.valMse(), e.testMse(), String.format("%.1f", e.seconds()), e.best() ? " best" : "");
    }

    @Override
    public void onOutliers(OutlierRecord o) {
        LOG.info("outliers at epoch {} step {}: decoder avg kurtosis {} max inf-norm {} ({}); all modules {} / {}",
                o.epoch(), o.step(), o.decoder().averageKurtosis(), o.decoder().maxInfNorm(),
                o.decoder().maxInfNormPath(), o.all().averageKurtosis(), o.all().maxInfNorm());
    }

    @Override
    public void onMessage(String message) {
        LOG.info(message);
    }
}
