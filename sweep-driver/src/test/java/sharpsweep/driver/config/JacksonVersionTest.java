package sharpsweep.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The YAML module (shaded into the app jar at jackson.version) must be the Jackson version Spark ships
 * (jackson-databind and -core come from Spark, provided): Jackson modules refuse a core of another minor
 * version at run time, on every cluster.
 */
class JacksonVersionTest {
    @Test
    void yamlModuleMatchesSparksJackson() {
        String yaml = com.fasterxml.jackson.dataformat.yaml.PackageVersion.VERSION.toString();
        String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        String core = com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString();
        assertEquals(databind, yaml, "jackson.version in the root pom must be Spark's Jackson version");
        assertEquals(core, yaml, "jackson.version in the root pom must be Spark's Jackson version");
    }
}
