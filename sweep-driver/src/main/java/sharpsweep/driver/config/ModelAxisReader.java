package sharpsweep.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import sharpsweep.kernel.spec.ModelSpec;

/**
 * Reads the {@code model} axis (docs/CONFIG.md): each entry a name or {@code {name, …parameters}}, with its
 * defaults written into the canonical text so the key says exactly what ran.
 */
final class ModelAxisReader {
    private static final List<String> NAMES = List.of("linear", "mlp", "rnn", "transformer");
    private static final Set<String> LINEAR_KEYS = Set.of("name", "max_steps", "noise_scale");
    private static final Set<String> NETWORK_KEYS = Set.of("name", "d_x", "d_y", "teacher_width", "teacher_seed",
            "eval_size", "probes", "max_steps", "noise_scale");
    private static final int DEFAULT_SEQUENCE_LENGTH = 4;
    private static final int DEFAULT_HEADS = 2;

    private final Nodes nodes;

    ModelAxisReader(Nodes nodes) {
        this.nodes = nodes;
    }

    /** The axis; [linear] when absent. */
    List<ModelChoice> read(JsonNode root, int dx, int dy) {
        if (!root.has("model")) {
            return List.of(ModelChoice.linear(dx, dy, 0, 1, "\"linear\""));
        }
        JsonNode n = nodes.axis(root, "model");
        List<ModelChoice> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            ModelChoice m = entry(n.get(i), "model[" + i + "]", dx, dy);
            if (!seen.add(m.canonical() + "|" + m.dx() + "|" + m.dy() + "|" + m.maxSteps())) {
                throw nodes.error("model[" + i + "]", n.get(i), "repeats an earlier model entry");
            }
            out.add(m);
        }
        return List.copyOf(out);
    }

    private ModelChoice entry(JsonNode n, String path, int dx, int dy) {
        String name = n.isTextual() ? n.textValue()
                : n.isObject() && n.has("name") ? nodes.text(n.get("name"), path + ".name") : null;
        if (name == null) {
            throw nodes.error(path, n, "must be a model name (linear, mlp, rnn, transformer) or a mapping with name "
                    + "and the model's parameters");
        }
        if (!NAMES.contains(name)) {
            throw nodes.error(n.isTextual() ? path : path + ".name", name, "must be one of linear, mlp, rnn, transformer");
        }
        JsonNode params = n.isObject() ? n : JsonNodeFactory.instance.objectNode();
        Set<String> allowed = new HashSet<>(name.equals("linear") ? LINEAR_KEYS : NETWORK_KEYS);
        if (name.equals("rnn")) {
            allowed.addAll(Set.of("sequence_length", "activation"));
        } else if (name.equals("transformer")) {
            allowed.addAll(Set.of("sequence_length", "heads"));
        }
        nodes.onlyKeys(params, path + ".", allowed);
        String p = path + ".";
        long maxSteps = nodes.optional(params, p, "max_steps", (v, at) -> nodes.longIn(v, at, 1, Long.MAX_VALUE / 4), 0L);
        Scalar noiseScale = nodes.optional(params, p, "noise_scale", nodes::positive, Scalar.ONE);
        if (name.equals("linear")) {
            // A linear point's key has no model entry; a noise_scale other than 1 enters it as its own key.
            return ModelChoice.linear(dx, dy, maxSteps, noiseScale.value(),
                    noiseScale.value() == 1 ? "\"linear\"" : noiseScale.text());
        }
        int mdx = nodes.optional(params, p, "d_x", (v, at) -> nodes.intIn(v, at, 1, ConfigReader.MAX_DIMENSION), dx);
        int mdy = nodes.optional(params, p, "d_y", (v, at) -> nodes.intIn(v, at, 1, ConfigReader.MAX_DIMENSION), dy);
        int teacherWidth = nodes.optional(params, p, "teacher_width", (v, at) -> nodes.intIn(v, at, 1, 1 << 16),
                ModelSpec.DEFAULT_TEACHER_WIDTH);
        long teacherSeed = nodes.optional(params, p, "teacher_seed",
                (v, at) -> nodes.longIn(v, at, Long.MIN_VALUE, Long.MAX_VALUE), 0L);
        int evalSize = nodes.optional(params, p, "eval_size", (v, at) -> nodes.intIn(v, at, 1, 10_000_000),
                ModelSpec.DEFAULT_EVAL_SIZE);
        int probes = nodes.optional(params, p, "probes", (v, at) -> nodes.intIn(v, at, 2, 1_000_000),
                ModelSpec.DEFAULT_PROBES);
        int length = nodes.optional(params, p, "sequence_length", (v, at) -> nodes.intIn(v, at, 1, 4096),
                DEFAULT_SEQUENCE_LENGTH);
        ModelSpec.Activation activation = nodes.optional(params, p, "activation",
                (v, at) -> nodes.choice(v, at, List.of(ModelSpec.Activation.values()), ModelSpec.Activation::label),
                ModelSpec.Activation.TANH);
        int heads = nodes.optional(params, p, "heads", (v, at) -> nodes.intIn(v, at, 1, 4096), DEFAULT_HEADS);
        ObjectNode canonical = JsonNodeFactory.instance.objectNode().put("name", name)
                .put("teacher_width", teacherWidth).put("teacher_seed", teacherSeed).put("eval_size", evalSize)
                .put("probes", probes);
        if (noiseScale.value() != 1) {
            canonical.set("noise_scale", params.get("noise_scale")); // as written: exact decimal digits
        }
        ModelSpec.Nonlinear network;
        switch (name) {
            case "mlp" -> network = new ModelSpec.Mlp(teacherWidth, teacherSeed, evalSize, probes);
            case "rnn" -> {
                canonical.put("sequence_length", length).put("activation", activation.label());
                network = new ModelSpec.Rnn(teacherWidth, teacherSeed, evalSize, probes, length, activation);
            }
            default -> {
                canonical.put("sequence_length", length).put("heads", heads);
                if (mdx != mdy) {
                    throw nodes.error(path, n, "a transformer needs d_x = d_y (its residual connections), got d_x "
                            + mdx + " and d_y " + mdy);
                }
                if (mdx % heads != 0) {
                    throw nodes.error(p + "heads", Integer.toString(heads), "must divide d_x = " + mdx);
                }
                network = new ModelSpec.Transformer(teacherWidth, teacherSeed, evalSize, probes, length, heads);
            }
        }
        return new ModelChoice(network, mdx, mdy, maxSteps, noiseScale.value(), Canonical.of(canonical));
    }


    /** Matrices written for one dimension must fit every model that uses them. */
    void checkDimensions(List<ModelChoice> models, List<MatrixSpec> input, List<MatrixSpec> noise) {
        for (int m = 0; m < models.size(); m++) {
            ModelChoice mc = models.get(m);
            String who = "model[" + m + "] (" + mc.name() + ")";
            for (int i = 0; i < noise.size(); i++) {
                int size = noise.get(i).writtenSize();
                if (size > 0 && size != mc.dy()) {
                    throw nodes.error("noise[" + i + "]", noise.get(i).name(), "is written for d_y = " + size + " but "
                            + who + " has d_y = " + mc.dy() + "; use the kappa form, which fits any dimension");
                }
            }
            for (int i = 0; i < input.size(); i++) {
                int size = input.get(i).writtenSize();
                if (size > 0 && size != mc.dx()) {
                    throw nodes.error("input[" + i + "]", input.get(i).name(), "is written for d_x = " + size + " but "
                            + who + " has d_x = " + mc.dx() + "; use the kappa form, which fits any dimension");
                }
            }
            if (mc.isLinear() && (mc.dx() != models.get(0).dx() || mc.dy() != models.get(0).dy())) {
                throw nodes.error("model[" + m + "]", mc.name(), "the linear model uses the config's d_x, d_y");
            }
        }
    }
}
