package sharpsweep.driver.storage;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One writer per table: the run that holds the lease file ({@code _sharpsweep/lease}) is the only one that
 * writes to the folder.
 * <ul>
 *   <li>Taken by an atomic exclusive create ({@link Folder#createExclusive}) of a file holding owner, host,
 *       pid, start time and a random token.</li>
 *   <li>Renewed by a heartbeat: every {@code timeout / 6} the holder checks the file still holds its token
 *       and sets its modification time to now. A heartbeat older than {@code timeout} belongs to a dead
 *       driver (clocks of the hosts involved must agree to well within the timeout).</li>
 *   <li>A dead driver's lease is taken over: renamed aside (an atomic rename, so of two runs taking it over
 *       at once only one succeeds), recorded in {@code _sharpsweep/history/}, and created anew.</li>
 *   <li>A holder that finds another token in the file (it was stopped longer than the timeout, and a new run
 *       took over) has lost the lease: {@link #check} fails and it commits nothing more.</li>
 * </ul>
 */
public final class Lease implements AutoCloseable {
    public static final String FILE = "lease";
    /** Default: long enough for a JVM pause or a slow NameNode call, short enough to wait out after a kill. */
    public static final double DEFAULT_TIMEOUT_SECONDS = 60;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Folder meta;
    private final String token;
    private final ScheduledExecutorService heartbeat;
    private volatile String lost;

    private Lease(Folder meta, String token, long periodMillis) {
        this.meta = meta;
        this.token = token;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sharpsweep-lease-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Who holds a lease, as its file says. */
    public record Holder(String owner, String host, String pid, String started, String token, long heartbeatMillis) {
        String describe(long now) {
            return "run of " + owner + "@" + host + " (pid " + pid + ") since " + started + ", last heartbeat "
                    + Math.max(0, Math.round((now - heartbeatMillis) / 1000.0)) + " s ago";
        }
    }

    /** A second writer: exit 1 with this one line. */
    public static final class HeldException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HeldException(String message) {
            super(message);
        }
    }

    /**
     * Takes the lease on the folder whose {@code _sharpsweep/} is {@code meta}, or throws {@link HeldException}
     * naming the live holder. {@code breakLease} removes any holder's lease first (logged in the history and
     * on {@code out}); a lease whose heartbeat is older than {@code timeoutSeconds} is taken over (logged too).
     */
    public static Lease acquire(Folder meta, double timeoutSeconds, boolean breakLease, PrintWriter out)
            throws IOException {
        long timeout = Math.round(timeoutSeconds * 1000);
        String token = UUID.randomUUID().toString();
        byte[] content = content(token);
        for (int attempt = 0; attempt < 3; attempt++) {
            if (meta.createExclusive(FILE, content)) {
                meta.touch(FILE, System.currentTimeMillis());
                return new Lease(meta, token, Math.max(200, timeout / 6));
            }
            Holder holder = read(meta);
            long now = System.currentTimeMillis();
            if (holder == null) {
                continue; // released (or being written) between the two calls: try again
            }
            boolean dead = now - holder.heartbeatMillis() > timeout;
            if (!breakLease && !dead) {
                throw new HeldException(meta + "/" + FILE + ": in use by the " + holder.describe(now)
                        + "; one writer per table: wait for it, or if that driver is dead pass --break-lease"
                        + " (or wait " + Math.round(timeoutSeconds) + " s after its last heartbeat)");
            }
            String why = breakLease ? "broken by --break-lease" : "taken over: heartbeat older than "
                    + Math.round(timeoutSeconds) + " s";
            takeAside(meta, holder, why, timeout, out, now);
        }
        Holder holder = read(meta);
        throw new HeldException(meta + "/" + FILE + ": in use by "
                + (holder == null ? "another run" : "the " + holder.describe(System.currentTimeMillis()))
                + "; several runs are starting at once, only one writes");
    }

    /**
     * Ends the holder's lease: records why in {@code history/lease-TOKEN-ended}, created exclusively, so of
     * several runs ending the same lease at once one goes on; then moves the lease file aside to
     * {@code history/lease-TOKEN}. False when another run is doing it. The caller then creates its own lease
     * exclusively like any run: whoever creates it first holds it.
     */
    private static boolean takeAside(Folder meta, Holder holder, String why, long timeout, PrintWriter out, long now)
            throws IOException {
        Folder history = meta.resolve("history");
        String ended = "lease-" + holder.token() + "-ended";
        String record = why + " at " + TIME.format(Instant.ofEpochMilli(now)) + " by " + whoAmI() + "; it was the "
                + holder.describe(now) + "\n";
        if (!history.createExclusive(ended, record.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            if (now - history.modified(ended) > timeout) {
                history.delete(ended); // its writer died between the record and the move: the next attempt redoes it
            }
            return false;
        }
        Holder current = read(meta);
        if (current == null || !holder.token().equals(current.token())) {
            return true; // it ended by itself meanwhile (its holder closed): nothing to move
        }
        if (meta.renameIfPresent(FILE, "history/lease-" + holder.token())) {
            Holder moved = parse(history.read("lease-" + holder.token()), 0);
            if (moved != null && !holder.token().equals(moved.token()) && !meta.exists(FILE)) {
                // Its holder closed and a new run took the place between the read and the rename: put it back.
                meta.replace(history.path("lease-" + holder.token()), FILE);
            }
        }
        out.println("Lease of the " + holder.describe(now) + " " + why + " (recorded in " + history + ")");
        out.flush();
        return true;
    }

    /** Why the lease was lost (another run took it over while this one was stopped), or null. */
    public String lostReason() {
        return lost;
    }

    /** Whether this run still holds the lease, as far as the last heartbeat saw. */
    public boolean held() {
        return lost == null;
    }

    private void beat() {
        try {
            Holder now = read(meta);
            if (now == null || !token.equals(now.token())) {
                lost = meta + "/" + FILE + ": lost the lease to "
                        + (now == null ? "no one (the file was removed)" : "the " + now.describe(System.currentTimeMillis()))
                        + "; this run commits nothing more";
                heartbeat.shutdown();
                return;
            }
            meta.touch(FILE, System.currentTimeMillis());
        } catch (IOException | UncheckedIOException e) {
            // A file system hiccup: the next beat tries again; the timeout allows for several misses.
        }
    }

    /** Stops the heartbeat and removes the lease file, if it is still this run's. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            Holder now = read(meta);
            if (now != null && token.equals(now.token())) {
                meta.delete(FILE);
            }
        } catch (IOException | UncheckedIOException e) {
            // Left behind: the next run takes it over after the timeout.
        }
    }

    /** The lease's holder, or null when there is none (or its file is still being written). */
    public static Holder read(Folder meta) throws IOException {
        try {
            if (!meta.exists(FILE)) {
                return null;
            }
            return parse(meta.read(FILE), meta.modified(FILE));
        } catch (java.io.FileNotFoundException e) {
            return null;
        }
    }

    private static Holder parse(String text, long heartbeat) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        if (p.getProperty("token") == null) {
            return null;
        }
        return new Holder(p.getProperty("owner", "?"), p.getProperty("host", "?"), p.getProperty("pid", "?"),
                p.getProperty("started", "?"), p.getProperty("token"), heartbeat);
    }

    private static byte[] content(String token) throws IOException {
        Properties p = new Properties();
        p.setProperty("owner", System.getProperty("user.name", "?"));
        p.setProperty("host", host());
        p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        p.setProperty("started", TIME.format(Instant.now()));
        p.setProperty("token", token);
        StringWriter w = new StringWriter();
        p.store(w, "sharpsweep: the run writing to this table (one writer per table)");
        return w.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String whoAmI() {
        return System.getProperty("user.name", "?") + "@" + host() + " (pid " + ProcessHandle.current().pid() + ")";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
