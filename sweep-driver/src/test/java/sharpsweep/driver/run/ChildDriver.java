package sharpsweep.driver.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The CLI in a separate JVM (this test class path), for faults that take a whole process down. */
final class ChildDriver {
    private ChildDriver() {
    }

    /**
     * Starts {@code sharpsweep.driver.cli.Main args}, appending its output to {@code log}, with the
     * test-only faults {@code inject} and SPARK_LOCAL_IP set to {@code localIp} (null: unset).
     */
    static Process start(Path log, String inject, String localIp, String... args) throws IOException {
        return start(log, List.of(), inject, localIp, args);
    }

    /** The same with extra JVM options {@code jvm} (e.g. -Dspark.hadoop.… for the HDFS tests). */
    static Process start(Path log, List<String> jvm, String inject, String localIp, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(sharpsweep.driver.TestJvm.options());
        String logging = System.getProperty("log4j2.configurationFile");
        if (logging != null) {
            cmd.add("-Dlog4j2.configurationFile=" + logging); // Spark's logging as quiet as in the launcher
        }
        cmd.addAll(jvm);
        cmd.addAll(List.of("-Xmx768m", "-D" + FaultInjection.PROPERTY + "=" + inject, "-cp",
                System.getProperty("java.class.path"), "sharpsweep.driver.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (localIp == null) {
            pb.environment().remove("SPARK_LOCAL_IP");
        } else {
            pb.environment().put("SPARK_LOCAL_IP", localIp);
        }
        return pb.start();
    }
}
