package sharpsweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a local-mode driver listens on, read from /proc for the driver process itself: every
 * listening socket is on loopback, with the web UI off (the default) and on, and --ui is refused
 * when Spark would bind the UI to every interface.
 */
@Tag("slow") // run by failsafe in verify, not by mvn test
class NetworkHygieneTest {
    @TempDir
    Path tmp;

    @Test
    void everyListenerOfALocalRunIsOnLoopback() throws Exception {
        Path config = tmp.resolve("sweep.yaml");
        Files.writeString(config, FaultInjectionTest.CONFIG);
        // No SPARK_LOCAL_IP in the environment: what a user gets without the launcher.
        List<String> plain = listenersDuringRun(config, null, false);
        // The launcher's environment, with the web UI on.
        List<String> withUi = listenersDuringRun(config, "127.0.0.1", true);
        assertFalse(plain.isEmpty(), "the driver listens (RPC, block manager)");
        assertTrue(withUi.size() > plain.size(), "the UI adds a listener: " + withUi + " vs " + plain);
        for (String address : union(plain, withUi)) {
            assertTrue(loopback(address), "listener on " + address + ": " + plain + " / " + withUi);
        }
        System.out.printf("reliability: listening sockets checked %d, all on loopback%n", plain.size() + withUi.size());
    }

    @Test
    void uiIsRefusedWhenSparkWouldBindItEverywhere() throws Exception {
        Path config = tmp.resolve("sweep.yaml");
        Files.writeString(config, FaultInjectionTest.CONFIG);
        Path log = tmp.resolve("refused.log");
        Process p = ChildDriver.start(log, "", null, "run", config.toString(), "--out", tmp.resolve("out").toString(),
                "--master", "local[2]", "--ui");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("--ui: Spark would bind its web UI to every interface"),
                Files.readString(log));
    }

    /** Starts a slow sweep, waits until Spark is up, reads the process's listening sockets, kills it. */
    private List<String> listenersDuringRun(Path config, String localIp, boolean ui) throws Exception {
        Path log = tmp.resolve("child-" + ui + ".log");
        List<String> args = new ArrayList<>(List.of("run", config.toString(), "--out",
                tmp.resolve("out-" + ui).toString(), "--master", "local[2]", "--wave-size", "2"));
        if (ui) {
            args.add("--ui");
        }
        Process p = ChildDriver.start(log, "sleep500@.", localIp, args.toArray(String[]::new));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(log) && Files.readString(log).contains("tasks committed"))) {
                assertTrue(p.isAlive(), Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "Spark did not start:\n" + Files.readString(log));
                Thread.sleep(200);
            }
            return listeners(p.pid());
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** "address:port" of every TCP socket in state LISTEN that this process holds (/proc/PID/fd). */
    static List<String> listeners(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // an fd closed while listing: not a listener
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) { // 0A = TCP_LISTEN
                    out.add(address(f[1]));
                }
            }
        }
        return out;
    }

    /** /proc's hex "ADDR:PORT" (little-endian 32-bit words) as text. */
    private static String address(String hex) {
        String[] parts = hex.split(":");
        String a = parts[0];
        int port = Integer.parseInt(parts[1], 16);
        if (a.length() == 8) {
            return ipv4(a) + ":" + port;
        }
        // IPv6: four little-endian words. ::ffff:a.b.c.d (v4-mapped) and :: are the cases that matter here.
        String w0 = a.substring(0, 8);
        String w1 = a.substring(8, 16);
        String w2 = a.substring(16, 24);
        String w3 = a.substring(24, 32);
        if (w0.equals("00000000") && w1.equals("00000000") && w2.equals("FFFF0000")) {
            return "::ffff:" + ipv4(w3) + ":" + port;
        }
        if ((w0 + w1 + w2).equals("000000000000000000000000") && w3.equals("01000000")) {
            return "::1:" + port;
        }
        return a + ":" + port;
    }

    private static String ipv4(String le) {
        return Integer.parseInt(le.substring(6, 8), 16) + "." + Integer.parseInt(le.substring(4, 6), 16) + "."
                + Integer.parseInt(le.substring(2, 4), 16) + "." + Integer.parseInt(le.substring(0, 2), 16);
    }

    static boolean loopback(String address) {
        return address.startsWith("127.") || address.startsWith("::ffff:127.") || address.startsWith("::1:");
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> u = new ArrayList<>(a);
        u.addAll(b);
        return u;
    }
}
