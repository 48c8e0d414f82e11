package sharpsweep.driver.run;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster for tests: a Master and Workers as separate JVMs from the Maven jars
 * (no Spark distribution), all on 127.0.0.1, stopped by pid (with their executors) on close.
 * Executors are launched by the Workers from SPARK_HOME/jars (an empty folder here) plus
 * {@code spark.executor.extraClassPath}, which the driver sets to this JVM's class path.
 */
final class StandaloneCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Path home;
    final String masterUrl;

    StandaloneCluster(Path dir, int workers) throws IOException, InterruptedException {
        this(dir, java.util.Collections.nCopies(workers, "127.0.0.1"));
    }

    /**
     * One worker per host, each a loopback address (127.0.0.x): workers on different "hosts" let
     * Spark place a speculative copy of a task on the other one.
     */
    StandaloneCluster(Path dir, List<String> workerHosts) throws IOException, InterruptedException {
        home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        int port = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        Path masterLog = dir.resolve("master.log");
        processes.add(start(masterLog, "127.0.0.1", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(freePort())));
        waitFor(masterLog, "Starting Spark master at");
        for (int i = 0; i < workerHosts.size(); i++) {
            Path log = dir.resolve("worker" + i + ".log");
            Path work = Files.createDirectories(dir.resolve("work" + i));
            String host = workerHosts.get(i);
            processes.add(start(log, host, "org.apache.spark.deploy.worker.Worker", "--host", host, "--cores", "1",
                    "--memory", "1g", "--webui-port", Integer.toString(freePort()), "--work-dir", work.toString(),
                    masterUrl));
            waitFor(log, "Successfully registered with master");
        }
    }

    /** Driver-side settings that let the executors find this JVM's classes and open Java's modules. */
    static List<String[]> driverSettings(String jvmOptions) {
        return List.of(
                new String[] {"spark.executor.extraClassPath", System.getProperty("java.class.path")},
                new String[] {"spark.executorEnv.SPARK_SCALA_VERSION", "2.13"},
                new String[] {"spark.executor.extraJavaOptions", jvmOptions},
                new String[] {"spark.executor.memory", "512m"},
                new String[] {"spark.driver.host", "127.0.0.1"},
                new String[] {"spark.driver.bindAddress", "127.0.0.1"});
    }

    /** The executor JVMs the workers launched so far. */
    List<ProcessHandle> executors() {
        return processes.stream().skip(1).flatMap(Process::descendants).filter(StandaloneCluster::isExecutor).toList();
    }

    /** From /proc: ProcessHandle.Info gives up on command lines as long as an executor's class path. */
    private static boolean isExecutor(ProcessHandle h) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline"))
                    .contains("CoarseGrainedExecutorBackend");
        } catch (IOException gone) {
            return false;
        }
    }

    /** {@code host} is the loopback address the process binds to (SPARK_LOCAL_IP). */
    private Process start(Path log, String host, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(sharpsweep.driver.TestJvm.options());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", host);
        pb.environment().put("SPARK_NO_DAEMONIZE", "1");
        return pb.start();
    }

    private static void waitFor(Path log, String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("timed out waiting for '" + line + "' in " + log + ":\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Text of all worker logs (they record each executor they launch). */
    String workerLogs(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; Files.exists(dir.resolve("worker" + i + ".log")); i++) {
            sb.append(Files.readString(dir.resolve("worker" + i + ".log")));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            stopAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopAll() throws InterruptedException {
        // Workers first (they take their executors down), then the master; by pid, forcibly if need be.
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle c : children) {
                c.destroyForcibly();
            }
        }
    }
}
