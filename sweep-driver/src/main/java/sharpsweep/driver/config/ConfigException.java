package sharpsweep.driver.config;

/**
 * A config that breaks a rule. The message is one line: file, key path, value and rule, e.g.
 * {@code conf/x.yaml: noise[1].kappa = 0.5: must be >= 1}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String file, String path, String value, String rule) {
        super(file + ": " + path + (value == null ? "" : " = " + value) + ": " + rule);
    }

    public ConfigException(String message) {
        super(message);
    }
}
