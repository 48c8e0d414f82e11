package sharpsweep.driver.run;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starts Spark: the master from {@code --master}, else from spark-submit's conf, else embedded
 * {@code local[*]}. In local mode everything binds to 127.0.0.1 and the web UI is off unless asked
 * for (then on 127.0.0.1 only).
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession start(String appName, String master, boolean ui) {
        // Spark binds its web UI to SPARK_LOCAL_IP, and to every interface without it; there is no
        // setting for the UI's host. So the UI is only started when that binds it to loopback.
        String localIp = System.getenv("SPARK_LOCAL_IP");
        if (ui && !(localIp != null && (localIp.startsWith("127.") || localIp.equals("::1")))) {
            throw new UsageException("--ui: Spark would bind its web UI to every interface (SPARK_LOCAL_IP = "
                    + localIp + "); set SPARK_LOCAL_IP=127.0.0.1, as bin/sharpsweep does, to keep it on loopback");
        }
        SparkConf conf = new SparkConf().setAppName(appName);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.set("spark.ui.enabled", Boolean.toString(ui));
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        conf.setIfMissing("spark.sql.shuffle.partitions", "8");
        conf.setIfMissing("spark.sql.debug.maxToStringFields", "100"); // the result schema has ~40 columns
        // A wave is a few hundred rows at most: compiling code for them (seconds of CPU taken from the
        // kernels on a small machine) costs more than interpreting them.
        conf.setIfMissing("spark.sql.codegen.wholeStage", "false");
        conf.setIfMissing("spark.sql.codegen.factoryMode", "NO_CODEGEN");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
