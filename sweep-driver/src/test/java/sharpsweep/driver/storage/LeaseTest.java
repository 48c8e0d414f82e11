package sharpsweep.driver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per table, on the local file system (HdfsSweepTest runs the same protocol on HDFS). */
class LeaseTest {
    @TempDir
    Path tmp;

    private final StringWriter log = new StringWriter();
    private final PrintWriter out = new PrintWriter(log, true);

    @Test
    void aSecondWriterIsRefusedNamingTheHolderUntilTheFirstLetsGo() throws IOException {
        Folder meta = Folder.of(tmp.resolve("_sharpsweep"));
        try (Lease first = Lease.acquire(meta, 60, false, out)) {
            Lease.HeldException e = assertThrows(Lease.HeldException.class, () -> Lease.acquire(meta, 60, false, out));
            String pid = Long.toString(ProcessHandle.current().pid());
            assertTrue(e.getMessage().contains("(pid " + pid + ") since 20") && e.getMessage().contains("heartbeat"),
                    e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            assertTrue(first.held());
        }
        assertNull(Lease.read(meta), "closing removes the lease");
        try (Lease again = Lease.acquire(meta, 60, false, out)) {
            assertTrue(again.held());
        }
    }

    @Test
    void aDeadDriversLeaseIsTakenOverAfterTheTimeoutAndRecorded() throws IOException {
        Folder meta = Folder.of(tmp.resolve("_sharpsweep"));
        plantLease(meta, "dead-token", System.currentTimeMillis() - 5_000);
        // Heartbeat 5 s old: alive for a 60 s timeout, dead for a 2 s one.
        assertThrows(Lease.HeldException.class, () -> Lease.acquire(meta, 60, false, out));
        try (Lease taken = Lease.acquire(meta, 2, false, out)) {
            assertTrue(taken.held());
            assertFalse("dead-token".equals(Lease.read(meta).token()));
        }
        assertTrue(log.toString().contains("taken over: heartbeat older than 2 s"), log.toString());
        List<String> history = history(meta);
        assertTrue(history.stream().anyMatch(n -> n.equals("lease-dead-token")), history.toString());
        assertTrue(history.stream().anyMatch(n -> n.equals("lease-dead-token-ended")), history.toString());
    }

    @Test
    void breakLeaseTakesALiveLeaseAndTheOldHolderCommitsNothingMore() throws Exception {
        Folder meta = Folder.of(tmp.resolve("_sharpsweep"));
        // A short timeout: the first holder's heartbeat runs every 200 ms.
        try (Lease first = Lease.acquire(meta, 1.2, false, out)) {
            try (Lease second = Lease.acquire(meta, 60, true, out)) {
                assertTrue(log.toString().contains("broken by --break-lease"), log.toString());
                long deadline = System.currentTimeMillis() + 10_000;
                while (first.held() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                assertFalse(first.held(), "the old holder's heartbeat sees another token");
                assertTrue(first.lostReason().contains("lost the lease"), first.lostReason());
                assertTrue(second.held());
            }
            assertNull(Lease.read(meta));
        }
        assertNull(Lease.read(meta), "the old holder's close leaves a lease that is not its own alone");
    }

    @Test
    void theHeartbeatKeepsALiveLeaseFromBeingTakenOver() throws Exception {
        Folder meta = Folder.of(tmp.resolve("_sharpsweep"));
        try (Lease holder = Lease.acquire(meta, 1.2, false, out)) {
            Thread.sleep(3_000); // more than twice the timeout: without the heartbeat it would look dead
            assertThrows(Lease.HeldException.class, () -> Lease.acquire(meta, 1.2, false, out));
            assertTrue(holder.held());
        }
    }

    @Test
    void ofManyRunsTakingOverADeadLeaseAtOnceExactlyOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            Folder meta = Folder.of(tmp.resolve("round" + round).resolve("_sharpsweep"));
            plantLease(meta, "dead-" + round, System.currentTimeMillis() - 60_000);
            int runs = 6;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(runs);
            List<Future<Lease>> tries = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                tries.add(pool.submit(() -> {
                    go.await();
                    try {
                        return Lease.acquire(meta, 10, false, new PrintWriter(new StringWriter()));
                    } catch (Lease.HeldException e) {
                        return null;
                    }
                }));
            }
            go.countDown();
            List<Lease> won = new ArrayList<>();
            for (Future<Lease> f : tries) {
                if (f.get() != null) {
                    won.add(f.get());
                }
            }
            pool.shutdown();
            assertEquals(1, won.size(), "round " + round + ": exactly one writer");
            assertNotNull(Lease.read(meta));
            won.get(0).close();
        }
    }

    private static void plantLease(Folder meta, String token, long heartbeat) throws IOException {
        meta.writeAtomically(Lease.FILE, "owner=someone\nhost=elsewhere\npid=4242\nstarted=2026-01-01 00:00:00Z\ntoken="
                + token + "\n");
        meta.touch(Lease.FILE, heartbeat);
    }

    private List<String> history(Folder meta) throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("_sharpsweep").resolve("history"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
