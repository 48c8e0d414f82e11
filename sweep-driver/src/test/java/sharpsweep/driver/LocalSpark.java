package sharpsweep.driver;

import org.apache.spark.sql.SparkSession;

/** Test helper: a one-core local SparkSession on 127.0.0.1, UI off, for reading tables back. */
public final class LocalSpark {
    private LocalSpark() {
    }

    public static SparkSession start(String appName) {
        return SparkSession.builder().master("local[1]").appName(appName)
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    }
}
