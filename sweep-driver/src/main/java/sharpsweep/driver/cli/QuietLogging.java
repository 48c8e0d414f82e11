package sharpsweep.driver.cli;

import java.net.URISyntaxException;
import java.net.URL;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.spark.SparkConf;

/**
 * Spark's logging kept quiet when nothing else configured it. The launcher passes conf/log4j2.properties;
 * under spark-submit nothing does, and Spark's default profile logs hundreds of INFO lines that bury the
 * progress. Then the same file, packed into the jar, replaces it. A logging configuration the cluster's
 * administrator provided (SPARK_HOME/conf/log4j2.properties) is left alone.
 */
final class QuietLogging {
    /** The profile Spark installs when it finds no log4j2 configuration (Spark's Logging trait). */
    private static final String SPARK_DEFAULT = "org/apache/spark/log4j2-defaults.properties";
    static final String BUNDLED = "sharpsweep/log4j2.properties";

    private QuietLogging() {
    }

    /** Applies the bundled profile if logging runs on log4j's or Spark's defaults; says whether it did. */
    static boolean applyIfDefault() {
        // Spark's context, not this class's: under spark-submit the jar has its own class loader, and log4j keeps
        // a logging context per class loader.
        if (!(LogManager.getContext(org.apache.spark.SparkContext.class.getClassLoader(), false)
                instanceof LoggerContext context)) {
            return false; // another logging back end: not ours to configure
        }
        Configuration current = context.getConfiguration();
        String source = current.getConfigurationSource() == null ? "" : String.valueOf(
                current.getConfigurationSource().getLocation());
        if (!(current instanceof DefaultConfiguration) && !source.contains(SPARK_DEFAULT)) {
            return false;
        }
        URL bundled = QuietLogging.class.getClassLoader().getResource(BUNDLED);
        if (bundled == null) {
            return false;
        }
        // Spark (re)applies its default profile the first time it logs after spark-submit reset its logging,
        // unless logging is initialised by then: initialise it now (silently), then replace the profile.
        new SparkConf(false).initializeLogIfNecessary(false, true);
        try {
            context.setConfigLocation(bundled.toURI());
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
