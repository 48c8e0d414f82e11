package sharpsweep.driver.run;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import sharpsweep.kernel.spec.Status;

/**
 * Progress on the driver: done/total, counts per status, throughput and ETA. On a terminal the line
 * is rewritten in place; otherwise (logs, CI) a plain line per update, at most one every few seconds
 * and always at the end of a wave.
 */
public final class Progress {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private final long start = System.nanoTime();
    private final Map<Status, Long> counts = new EnumMap<>(Status.class);
    private long done;
    private long lastPrint;

    public Progress(PrintStream out, long total) {
        this.out = out;
        this.total = total;
        this.terminal = System.console() != null;
    }

    public synchronized void taskFinished() {
        done++;
        long now = System.nanoTime();
        if (terminal ? now - lastPrint > 200_000_000L : now - lastPrint > 5_000_000_000L) {
            print(false);
        }
    }

    /** A wave committed with these status counts (the authoritative numbers). */
    public synchronized void waveCommitted(Map<Status, Long> waveCounts, long committed) {
        waveCounts.forEach((s, n) -> counts.merge(s, n, Long::sum));
        done = counts.values().stream().mapToLong(Long::longValue).sum();
        print(true);
    }

    private void print(boolean force) {
        lastPrint = System.nanoTime();
        double seconds = (lastPrint - start) * 1e-9;
        double rate = done / Math.max(seconds, 1e-9);
        String eta = done == 0 ? "?" : formatSeconds((total - done) / rate);
        String line = String.format("[%s] %d/%d tasks (%.0f%%) | converged %d, max_steps %d, diverged %d, failed %d"
                        + " | %.2f tasks/s | elapsed %s | ETA %s", LocalTime.now().format(CLOCK), done, total,
                100.0 * done / Math.max(total, 1), counts.getOrDefault(Status.CONVERGED, 0L),
                counts.getOrDefault(Status.MAX_STEPS, 0L), counts.getOrDefault(Status.DIVERGED, 0L),
                counts.getOrDefault(Status.FAILED, 0L), rate, formatSeconds(seconds), eta);
        if (terminal && !force) {
            out.print("\r" + line);
        } else {
            out.println((terminal ? "\r" : "") + line);
        }
        out.flush();
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format("%dh%02dm", t / 3600, (t % 3600) / 60)
                : t >= 60 ? String.format("%dm%02ds", t / 60, t % 60) : t + "s";
    }
}
