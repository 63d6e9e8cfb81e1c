package org.hopcast.forecasting.run.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a benchmark reports about the machine it ran on, so that its numbers can be compared across machines
 * as ratios: the CPU model, the native allocator, the process's peak memory, and the kernel time and page
 * faults of fresh memory. Linux's /proc; "unknown" or -1 elsewhere.
 */
public final class Machine {
    /** Linux's USER_HZ, the unit of the CPU times in /proc/self/stat (100 on every mainstream architecture). */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    private Machine() {
    }

    /** libtorch's intra-op threads as the launcher set them, or "engine default". */
    public static String threads() {
        return System.getProperty("ai.djl.pytorch.num_threads", "engine default");
    }

    /** What every benchmark's JSON says about the machine: allocator, cpu, threads, alpha-entmax's kernel. */
    public static java.util.Map<String, Object> json() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("allocator", allocator());
        m.put("cpu", cpu());
        m.put("threads", threads());
        m.put("alpha_entmax", alphaEntmax());
        return m;
    }

    /**
     * Where alpha-entmax runs in this process: "lanes" (Java SIMD, ADR 0018) or "libtorch" (a JVM without the
     * Vector API, another CPU architecture, or {@code -Dhopcast.alpha-entmax=libtorch}).
     */
    public static String alphaEntmax() {
        return org.hopcast.hopfield.separation.EntmaxKernel.inUse();
    }

    /** The incubating module this JVM resolved for alpha-entmax's lanes (ADR 0018), or empty. */
    public static java.util.Optional<String> vectorModule() {
        return org.hopcast.hopfield.separation.EntmaxKernel.vectorModule();
    }

    /**
     * The system properties set in this JVM that decide numbers (dropout's masks, alpha-entmax's kernel): another
     * Hopcast JVM, a Spark grid's executor, needs them and {@link #vectorModule} to compute what this one computes.
     */
    public static java.util.Map<String, String> numericProperties() {
        java.util.Map<String, String> set = new java.util.LinkedHashMap<>();
        for (String property : new String[] {org.hopcast.hopfield.ops.InvertedDropout.PROPERTY,
            org.hopcast.hopfield.separation.EntmaxKernel.PROPERTY}) {
            String value = System.getProperty(property);
            if (value != null) {
                set.put(property, value);
            }
        }
        return set;
    }

    /** The benchmarks' line about the machine: CPU, allocator and where alpha-entmax runs. */
    public static String summary() {
        return "cpu " + cpu() + "; allocator " + allocator() + "; alpha-entmax by " + alphaEntmax();
    }

    /** A device as users name it: "cpu", or "gpu 0" (DJL's own toString gives "cpu()"). */
    public static String device(ai.djl.Device device) {
        return device.isGpu() ? "gpu " + device.getDeviceId() : device.getDeviceType();
    }

    /** The CPU model name and the number of processors the JVM sees. */
    public static String cpu() {
        int processors = Runtime.getRuntime().availableProcessors();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim() + ", " + processors + " processors";
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return System.getProperty("os.arch") + ", " + processors + " processors";
    }

    /** The native allocator in use: jemalloc when preloaded (the launcher's default), else the system's. */
    public static String allocator() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                if (line.contains("libjemalloc")) {
                    return "jemalloc (" + line.substring(line.lastIndexOf(' ') + 1) + ")";
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "system malloc";
    }

    /** VmHWM of /proc/self/status in MiB, or -1 off Linux. */
    public static double peakRssMb() {
        return statusMb("VmHWM:");
    }

    /** VmRSS of /proc/self/status (resident now) in MiB, or -1 off Linux. */
    public static double rssMb() {
        return statusMb("VmRSS:");
    }

    private static double statusMb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The process's kernel CPU seconds and minor page faults so far (all threads).
     *
     * @param kernelSeconds system time, mostly the zeroing and mapping of fresh pages here
     * @param minorFaults page faults served without I/O: first touches of fresh memory
     */
    public record ProcessTimes(double kernelSeconds, long minorFaults) {
        public ProcessTimes minus(ProcessTimes earlier) {
            return new ProcessTimes(kernelSeconds - earlier.kernelSeconds, minorFaults - earlier.minorFaults);
        }

        public ProcessTimes plus(ProcessTimes other) {
            return new ProcessTimes(kernelSeconds + other.kernelSeconds, minorFaults + other.minorFaults);
        }
    }

    /** This process's kernel time and minor faults, or zeros off Linux. */
    public static ProcessTimes processTimes() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name in parentheses: state is field 3, minflt 10, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return new ProcessTimes(Long.parseLong(f[12]) / CLOCK_TICKS_PER_SECOND, Long.parseLong(f[7]));
        } catch (IOException | RuntimeException e) {
            return new ProcessTimes(0, 0);
        }
    }
}
