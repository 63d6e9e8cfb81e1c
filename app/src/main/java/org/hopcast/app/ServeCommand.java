package org.hopcast.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.hopcast.app.serve.ForecastServer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hopcast serve}: trained runs' forecasts over HTTP until stopped (Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve forecasts of trained runs over HTTP (bound to 127.0.0.1 unless --host says otherwise):"
                + " GET /health, GET /metrics (Prometheus), GET /v1/models, POST /v1/forecast?model=NAME with a CSV"
                + " body or JSON {\"rows\": [...]} (a model of many series: &series=ID or \"series\", that series'"
                + " rows), POST /v1/reload?model=NAME. Runs until stopped (Ctrl-C).")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", paramLabel = "RUN_DIR", required = true, description = "A run (or final model) to serve,"
            + " named by its folder; repeat for several.")
    List<Path> runs;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "The address to bind"
            + " (default ${DEFAULT-VALUE}: this machine only).")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "The port (default"
            + " ${DEFAULT-VALUE}; 0 picks a free one and prints it).")
    int port;

    @Option(names = "--threads", paramLabel = "N", description = "Request threads (default: the cores).")
    Integer threads;

    @Option(names = "--pool", paramLabel = "K", description = "Copies of each model that forecast in parallel"
            + " (default: the cores over libtorch's threads per pass, which the launcher sets to 1 for serve; each"
            + " copy holds the model's weights).")
    Integer pool;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "32", description = "The most requests waiting"
            + " for a model that one forward pass serves (default ${DEFAULT-VALUE}; 1: one pass each).")
    int maxBatch;

    @Option(names = "--max-body-mb", paramLabel = "MB", defaultValue = "16", description = "The largest request body"
            + " (default ${DEFAULT-VALUE} MB; larger ones are answered 413).")
    int maxBodyMb;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if ((pool != null && pool < 1) || maxBatch < 1 || maxBodyMb < 1 || (threads != null && threads < 1) || port < 0
                || port > 65_535) {
            throw new HopcastCli.UserError("--pool, --threads, --max-batch and --max-body-mb must be at least 1, --port 0"
                    + " to 65535");
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        ForecastServer server;
        try {
            int copies = pool != null ? pool : ForecastServer.defaultPool();
            server = ForecastServer.start(runs, host, port, n, copies, (long) maxBodyMb << 20, maxBatch);
        } catch (IllegalArgumentException e) {
            throw new HopcastCli.UserError(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "hopcast-serve-stop"));
        PrintWriter o = spec.commandLine().getOut();
        o.printf("serving %s on http://%s:%d (GET /health, /metrics, /v1/models; POST /v1/forecast?model=NAME);"
                + " Ctrl-C stops%n", String.join(", ", server.models()), host, server.port());
        o.flush();
        stopped.await();
        return 0;
    }
}
