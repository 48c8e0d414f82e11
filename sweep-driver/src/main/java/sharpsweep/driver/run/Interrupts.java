package sharpsweep.driver.run;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Ctrl-C or SIGTERM during a run: the data is safe (a wave is committed whole or not at all), so the
 * words should be calm. A shutdown hook that runs before Spark's own (Hadoop's hook manager runs higher
 * priorities first; Spark's context stops at a lower one) silences Spark's logging, which would report
 * every cancelled task with a stack trace, and says one line. The JVM then exits with 130 (SIGINT) or
 * 143 (SIGTERM) as usual.
 */
public final class Interrupts {
    /** Above Spark's shutdown hooks (FileSystem.SHUTDOWN_HOOK_PRIORITY + 30 = 40 for all of Spark's). */
    private static final int PRIORITY = 100;
    /** How long the hook waits for a commit under way: one Parquet file's write and rename. */
    private static final long COMMIT_WAIT_SECONDS = 20; // below Hadoop's 30 s limit per shutdown hook
    private static volatile boolean happened;

    private Interrupts() {
    }

    /** Whether the process is shutting down on a signal during a run: no error report then. */
    public static boolean happened() {
        return happened;
    }

    /**
     * Installs the hook for the duration of a run; {@code commits} is held while a wave is written and
     * {@code state} says what was committed, e.g. "3 of 8 tasks committed in results/x"; {@code release} runs
     * once no commit is under way (the folder's lease goes, so the next run need not wait it out). Returns
     * the action that removes the hook.
     */
    static Runnable install(PrintWriter out, Lock commits, Supplier<String> state, Runnable release) {
        Runnable hook = () -> {
            happened = true;
            Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF); // the root and every configured logger
            // A commit under way finishes (no new one starts once happened is set), so the count is exact.
            boolean quiet = false;
            try {
                quiet = commits.tryLock(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (quiet) {
                release.run();
            }
            out.println("interrupted: " + state.get() + (quiet ? "" : " (a commit was still running)")
                    + "; rerun the same command to resume");
            out.flush();
        };
        ShutdownHookManager.get().addShutdownHook(hook, PRIORITY);
        return () -> {
            if (!ShutdownHookManager.get().isShutdownInProgress()) {
                ShutdownHookManager.get().removeShutdownHook(hook);
            }
        };
    }
}
