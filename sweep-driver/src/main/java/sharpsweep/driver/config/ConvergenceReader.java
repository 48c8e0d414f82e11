package sharpsweep.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import sharpsweep.kernel.spec.ConvergenceSettings;

/** Reads the {@code convergence} mapping: each key optional, its default from {@link ConvergenceSettings#defaults}. */
final class ConvergenceReader {
    private static final Set<String> KEYS = Set.of("burn_in", "window", "measurements_per_window", "stable_windows",
            "trace_tol", "loss_tol", "residual_tol", "diverge_factor", "relaxation_times");
    private static final String P = "convergence.";

    private final Nodes nodes;

    ConvergenceReader(Nodes nodes) {
        this.nodes = nodes;
    }

    /** The settings; the keys as written go into {@code canonical}, part of every point's key. */
    ConvergenceSettings read(JsonNode node, ObjectNode canonical) {
        ConvergenceSettings d = ConvergenceSettings.defaults();
        if (node == null) {
            return d;
        }
        if (!node.isObject()) {
            throw nodes.error("convergence", node, "must be a mapping");
        }
        nodes.onlyKeys(node, P, KEYS);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            canonical.set(e.getKey(), e.getValue());
        }
        return new ConvergenceSettings(
                nodes.optional(node, P, "burn_in", (v, at) -> nodes.longIn(v, at, 0, Long.MAX_VALUE / 4), d.burnIn()),
                nodes.optional(node, P, "window", (v, at) -> nodes.longIn(v, at, 0, Long.MAX_VALUE / 4), d.window()),
                nodes.optional(node, P, "measurements_per_window", (v, at) -> nodes.intIn(v, at, 1, 100_000),
                        d.measurementsPerWindow()),
                nodes.optional(node, P, "stable_windows", (v, at) -> nodes.intIn(v, at, 1, 1000), d.stableWindows()),
                positive(node, "trace_tol", d.traceTol()),
                positive(node, "loss_tol", d.lossTol()),
                positive(node, "residual_tol", d.residualTol()),
                positive(node, "diverge_factor", d.divergeFactor()),
                nodes.optional(node, P, "relaxation_times", (v, at) -> nodes.doubleIn(v, at, 0, 1e6),
                        d.relaxationTimes()));
    }

    private double positive(JsonNode node, String key, double absent) {
        return nodes.optional(node, P, key, (v, at) -> nodes.positive(v, at).value(), absent);
    }
}
