package org.hopcast.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.hopcast.datasets.DataException;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.run.machine.BuildInfo;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code hopcast <command>}. A thin shell: every command parses its options, calls the
 * core modules and prints what they return.
 *
 * <p>Exit codes: 0 success; 2 bad input or bad options, with the message on stderr; 1 anything unexpected
 * (set {@code HOPCAST_DEBUG=1} for the stack trace).
 */
@Command(name = "hopcast", mixinStandardHelpOptions = true, versionProvider = HopcastCli.Version.class,
        description = "Multivariate time-series forecasting with Hopfield-based models (STanHop-Net, OutEffHop).",
        subcommands = {DemoCommand.class, TrainCommand.class, EvaluateCommand.class, BacktestCommand.class,
                ForecastCommand.class, ServeCommand.class, MemoryCommand.class,
                CompareCommand.class, SweepCommand.class, BenchmarkCommand.class, InspectCommand.class, GuiCommand.class,
                ModelCommand.class, DataCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class HopcastCli {
    /** Exit code for bad input or options (picocli uses the same for usage errors). */
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_UNEXPECTED = 1;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs one command line and returns its exit code; tests call this in-process. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new HopcastCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof DataException || ex instanceof UserError || ex instanceof RunException) {
                // the core names a setting by its key; here it is an option
                String option = ex instanceof DataException d && d.setting() != null
                        ? " (option " + String.join(", ", java.util.Arrays.stream(d.setting().split("/"))
                                .map(k -> "--" + k).toList()) + ")" : "";
                err.println("hopcast: error: " + ex.getMessage() + option);
                err.flush();
                return EXIT_BAD_INPUT;
            }
            err.println("hopcast: unexpected error: " + ex);
            if (System.getenv("HOPCAST_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("(set HOPCAST_DEBUG=1 for the stack trace)");
            }
            err.flush();
            return EXIT_UNEXPECTED;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** A mistake in the command line that picocli cannot see (options that exclude each other, say). */
    public static final class UserError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UserError(String message) {
            super(message);
        }
    }

    /** The version, source commit and engine stamped into the build (forecasting's BuildInfo: one stamp). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Hopcast " + BuildInfo.describe() + " (DJL " + BuildInfo.djlVersion() + ", Java "
                    + System.getProperty("java.version") + ")"};
        }
    }
}
