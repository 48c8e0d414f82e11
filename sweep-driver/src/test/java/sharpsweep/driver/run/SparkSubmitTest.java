package sharpsweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sharpsweep.driver.Hdfs;
import sharpsweep.driver.TestJvm;
import sharpsweep.driver.storage.Folder;
import sharpsweep.driver.table.TableReader;
import sharpsweep.driver.table.TableScan;

/**
 * The README's cluster section, followed as written: the thin jar submitted through
 * {@code org.apache.spark.deploy.SparkSubmit} (what {@code spark-submit} runs) to a standalone Master with two
 * Workers on 127.0.0.1 and 127.0.0.2, the table on HDFS. Spark's jars stand in for a Spark installation; the
 * project's own classes come only from the submitted jar. The run's output stays quiet (no INFO lines).
 */
@Tag("slow") // run by failsafe in verify, not by mvn test
class SparkSubmitTest {
    @TempDir
    Path tmp;

    @Test
    void theThinJarRunsUnderSparkSubmitOnAStandaloneClusterIntoHdfs() throws Exception {
        Path jar = Path.of("target", "sharpsweep.jar").toAbsolutePath();
        assertTrue(Files.exists(jar), "mvn package builds " + jar + " before the slow tests");
        Path config = tmp.resolve("sweep.yaml");
        Files.writeString(config, ClusterSweepTest.CONFIG);
        String sparkJars = sparkOnly(System.getProperty("java.class.path"));
        try (Hdfs hdfs = new Hdfs(tmp.resolve("hdfs"));
             StandaloneCluster cluster = new StandaloneCluster(tmp, List.of("127.0.0.1", "127.0.0.2"))) {
            String out = hdfs.uri() + "/sweeps/submitted";
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(TestJvm.options()); // what spark-class adds on Java 17
            cmd.addAll(List.of("-cp", sparkJars, "org.apache.spark.deploy.SparkSubmit"));
            // The README's command: --master, --class, the jar, the CLI's arguments ...
            cmd.addAll(List.of("--master", cluster.masterUrl, "--class", "sharpsweep.driver.cli.Main"));
            // ... and what a Spark installation would provide: the executors' Spark classes and options.
            cmd.addAll(List.of("--conf", "spark.executor.extraClassPath=" + sparkJars,
                    "--conf", "spark.executor.extraJavaOptions=" + TestJvm.joined(),
                    "--conf", "spark.executorEnv.SPARK_SCALA_VERSION=2.13",
                    "--conf", "spark.executor.memory=512m",
                    "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                    "--conf", Hdfs.CLIENT_SETTING[0] + "=" + Hdfs.CLIENT_SETTING[1]));
            cmd.addAll(List.of(jar.toString(), "run", config.toString(), "--out", out, "--wave-size", "4"));
            Path log = tmp.resolve("submit.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            pb.environment().put("SPARK_HOME", tmp.resolve("spark-home").toString());
            Process submit = pb.start();
            assertTrue(submit.waitFor(300, TimeUnit.SECONDS), Files.readString(log));
            String text = Files.readString(log);
            assertEquals(0, submit.exitValue(), text);
            assertTrue(text.contains("8/8 tasks committed"), text);
            long info = text.lines().filter(l -> l.contains(" INFO ")).count();
            assertTrue(info <= 3, "Spark's INFO logging stays off under spark-submit (" + info + " lines):\n" + text);

            TableScan scan = TableReader.scan(Folder.of(out));
            assertEquals(8, scan.rows());
            assertEquals(0, scan.duplicated());
            String workers = cluster.workerLogs(tmp);
            assertTrue(workers.contains("Asked to launch executor"), "executors ran on the workers:\n" + workers);
            System.out.println("reliability: spark-submit of the thin jar to a standalone cluster, output on HDFS: "
                    + scan.rows() + " rows, INFO lines " + info);
        }
    }

    /** The class path without the project's own classes and the libraries shaded into its jar. */
    private static String sparkOnly(String classPath) {
        return String.join(File.pathSeparator, Arrays.stream(classPath.split(File.pathSeparator))
                .filter(e -> !e.contains("/target/classes") && !e.contains("/target/test-classes") && !e.contains("worker-kernel")
                        && !e.contains("/org/ejml/") && !e.contains("/info/picocli/") && !e.contains("/org/knowm/"))
                .toList());
    }
}
