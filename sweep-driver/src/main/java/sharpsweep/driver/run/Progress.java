package sharpsweep.driver.run;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import sharpsweep.kernel.spec.Status;

/**
 * Progress on the driver: a line per committed wave (tasks committed/total, tasks finished per status,
 * throughput and ETA), and between commits a line as tasks finish, at most every {@code intervalSeconds},
 * so a long wave is not minutes of silence. Plain lines, so logs and terminals read the same.
 */
public final class Progress {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final PrintWriter out;
    private final long total;
    private final long start = System.nanoTime();
    private final double intervalSeconds;
    private long committed;
    private long lastLine = System.nanoTime();
    private long lastFinished;
    /** Every finished task by status, as last reported: a heartbeat repeats it. */
    private Map<Status, Long> latest = Map.of();

    public Progress(PrintWriter out, long total, double intervalSeconds) {
        this.out = out;
        this.total = total;
        this.intervalSeconds = intervalSeconds;
    }

    public synchronized long committed() {
        return committed;
    }

    public long total() {
        return total;
    }

    /** A task finished ({@code finished}: every finished task by status); a line if the last is old enough. */
    public synchronized void taskFinished(Map<Status, Long> finished) {
        latest = Map.copyOf(finished);
        long done = finished.values().stream().mapToLong(Long::longValue).sum();
        if (done == lastFinished || (System.nanoTime() - lastLine) * 1e-9 < intervalSeconds) {
            return;
        }
        lastFinished = done;
        lastLine = System.nanoTime();
        out.printf("[%s] %d/%d tasks finished, %d committed | converged %d, max_steps %d, diverged %d, failed %d"
                        + " | elapsed %s%n", LocalTime.now().format(CLOCK), done, total, committed,
                finished.getOrDefault(Status.CONVERGED, 0L), finished.getOrDefault(Status.MAX_STEPS, 0L),
                finished.getOrDefault(Status.DIVERGED, 0L), finished.getOrDefault(Status.FAILED, 0L),
                formatSeconds((System.nanoTime() - start) * 1e-9));
        out.flush();
    }

    /**
     * Called while a wave runs: when nothing was said for {@link #HEARTBEAT_SECONDS} (or the interval, if longer),
     * one line that the wave is still under way, so hour-long tasks do not look like a hang.
     */
    public synchronized void heartbeat(long waveSize) {
        double quiet = (System.nanoTime() - lastLine) * 1e-9;
        if (quiet < Math.max(HEARTBEAT_SECONDS, intervalSeconds)) {
            return;
        }
        lastLine = System.nanoTime();
        long done = latest.values().stream().mapToLong(Long::longValue).sum();
        lastFinished = done;
        out.printf("[%s] still running: a wave of %d tasks; %d/%d tasks finished, %d committed | elapsed %s%n",
                LocalTime.now().format(CLOCK), waveSize, done, total, committed,
                formatSeconds((System.nanoTime() - start) * 1e-9));
        out.flush();
    }

    /** A quiet run says it is alive at least this often. */
    static final double HEARTBEAT_SECONDS = 60;

    /** A wave of {@code size} tasks committed; {@code finished} counts every finished task by status. */
    public synchronized void waveCommitted(long size, Map<Status, Long> finished) {
        committed += size;
        lastLine = System.nanoTime();
        lastFinished = finished.values().stream().mapToLong(Long::longValue).sum();
        double seconds = (System.nanoTime() - start) * 1e-9;
        double rate = committed / Math.max(seconds, 1e-9);
        String eta = committed == 0 ? "?" : formatSeconds((total - committed) / rate);
        out.printf("[%s] %d/%d tasks committed (%.0f%%) | finished: converged %d, max_steps %d, diverged %d, failed %d"
                        + " | %.2f tasks/s | elapsed %s | ETA %s%n", LocalTime.now().format(CLOCK), committed, total,
                100.0 * committed / Math.max(total, 1), finished.getOrDefault(Status.CONVERGED, 0L),
                finished.getOrDefault(Status.MAX_STEPS, 0L), finished.getOrDefault(Status.DIVERGED, 0L),
                finished.getOrDefault(Status.FAILED, 0L), rate, formatSeconds(seconds), eta);
        out.flush();
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format("%dh%02dm", t / 3600, (t % 3600) / 60)
                : t >= 60 ? String.format("%dm%02ds", t / 60, t % 60) : t + "s";
    }
}
