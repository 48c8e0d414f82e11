package sharpsweep.driver;

import java.util.List;

/** Test helper: a YAML config with some top-level keys replaced. */
public final class YamlEdits {
    private YamlEdits() {
    }

    /** {@code base} with the top-level keys that {@code override} sets taken from {@code override}. */
    public static String merge(String base, String override) {
        StringBuilder sb = new StringBuilder();
        List<String> keys = override.lines().filter(l -> !l.startsWith(" ") && l.contains(":"))
                .map(l -> l.substring(0, l.indexOf(':'))).toList();
        boolean skipping = false;
        for (String line : base.lines().toList()) {
            if (!line.startsWith(" ")) {
                skipping = line.contains(":") && keys.contains(line.substring(0, line.indexOf(':')));
            }
            if (!skipping) {
                sb.append(line).append('\n');
            }
        }
        return sb.append(override).append('\n').toString();
    }
}
