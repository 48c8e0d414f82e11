package sharpsweep.driver.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.Loss;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.spec.TaskSpec;

/**
 * Reads a sweep config strictly: YAML into a tree (no type tags, no object construction: Jackson's
 * tree model over SnakeYAML), then every key checked by hand against the rules below, so each
 * error names the file, the key path, the value and the rule. Unknown keys, wrong types, missing
 * required keys, empty axes, non-finite numbers and bad matrices are all errors.
 */
public final class ConfigReader {
    private static final Set<String> TOP_KEYS = Set.of("sweep", "d_x", "d_y", "depth", "width", "batch_size",
            "learning_rate", "init", "input", "teacher", "noise", "replicates", "max_steps", "convergence",
            "trajectory_length", "sampler", "zip", "max_points", "model", "learning_rate_relative",
            "budget_relaxation_times", "loss");
    static final int MAX_DIMENSION = 4096;
    public static final long DEFAULT_MAX_POINTS = 100_000;

    private final Nodes nodes;
    private final MatrixReader matrices;

    private ConfigReader(String file) {
        nodes = new Nodes(file);
        matrices = new MatrixReader(nodes);
    }

    public static SweepConfig read(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot read: " + e.getMessage());
        }
        return parse(text, path.toString());
    }

    public static SweepConfig parse(String yaml, String file) {
        // First SnakeYAML's safe loader (standard types only), just to name any .nan/.inf by its key path:
        // Jackson's YAML reader rejects them without saying where, and exact decimals cannot hold them.
        Object plain;
        try {
            org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            plain = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(options)).load(yaml);
        } catch (RuntimeException | StackOverflowError e) {
            plain = null; // the exact parse below reports the syntax error with its position
        }
        rejectNonFinite(plain, "", file);
        // ... then with exact decimals, so canonical keys come from the digits the user wrote.
        JsonNode root = readTree(YAMLMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build(), yaml, file);
        if (root == null || !root.isObject()) {
            throw new ConfigException(file, "(top level)", null, "must be a mapping of keys to values");
        }
        return new ConfigReader(file).sweep((ObjectNode) root);
    }

    private static void rejectNonFinite(Object n, String path, String file) {
        if (n instanceof Double d && !Double.isFinite(d)) {
            throw new ConfigException(file, path, d.toString(), "must be a finite number");
        }
        if (n instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                rejectNonFinite(list.get(i), path + "[" + i + "]", file);
            }
        } else if (n instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                rejectNonFinite(e.getValue(), path.isEmpty() ? String.valueOf(e.getKey()) : path + "." + e.getKey(), file);
            }
        }
    }

    private static JsonNode readTree(YAMLMapper mapper, String yaml, String file) {
        try {
            return mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage().replace('\n', ' ');
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new ConfigException(file + ": invalid YAML" + where + ": " + msg);
        } catch (RuntimeException | StackOverflowError e) {
            throw new ConfigException(file + ": invalid YAML: " + e.getClass().getSimpleName());
        }
    }

    private SweepConfig sweep(ObjectNode root) {
        nodes.onlyKeys(root, "", TOP_KEYS);
        String sweep = nodes.name(nodes.required(root, "sweep", ""), "sweep");
        int dx = nodes.intIn(nodes.required(root, "d_x", ""), "d_x", 1, MAX_DIMENSION);
        int dy = nodes.intIn(nodes.required(root, "d_y", ""), "d_y", 1, MAX_DIMENSION);
        ModelAxisReader models = new ModelAxisReader(nodes);
        List<ModelChoice> model = models.read(root, dx, dy);
        List<Integer> depth = nodes.intAxis(root, "depth", 2, 64);
        List<Integer> width = nodes.intAxis(root, "width", 1, 1 << 16);
        List<Integer> batch = nodes.intAxis(root, "batch_size", 1, 1 << 24);
        boolean relative = root.has("learning_rate_relative");
        if (relative && root.has("learning_rate")) {
            throw nodes.error("learning_rate_relative", root.get("learning_rate_relative"),
                    "cannot be given with learning_rate: give one of them");
        }
        String rateKey = relative ? "learning_rate_relative" : "learning_rate";
        List<Scalar> eta = nodes.axis(root, rateKey, nodes::positive);
        Scalar budgetTaus = nodes.optional(root, "", "budget_relaxation_times", nodes::positive, null);
        List<Loss> losses = List.of(Loss.MSE, Loss.CROSS_ENTROPY);
        List<Loss> loss = root.has("loss") ? nodes.axis(root, "loss", (v, at) -> nodes.choice(v, at, losses, Loss::label))
                : List.of(Loss.MSE);
        for (int l = 0; l < loss.size(); l++) {
            if (loss.get(l) != Loss.MSE && (relative || budgetTaus != null)) {
                String key = relative ? rateKey : "budget_relaxation_times";
                throw nodes.error(key, root.get(key), "needs the linear theory (lambda*_max, tau), which is squared "
                        + "error's, but loss[" + l + "] is " + loss.get(l).label());
            }
        }
        for (int m = 0; m < model.size(); m++) {
            if (!model.get(m).isLinear() && (relative || budgetTaus != null)) {
                String key = relative ? rateKey : "budget_relaxation_times";
                throw nodes.error(key, root.get(key), "needs the linear theory (lambda*_max, tau), but model[" + m
                        + "] is " + model.get(m).name() + " (give learning_rate and max_steps for nonlinear models)");
            }
        }
        List<InitChoice> init = root.has("init") ? nodes.axis(root, "init", this::initChoice)
                : List.of(new InitChoice(Init.xavier(), "xavier"));
        List<MatrixSpec> input;
        if (root.has("input")) {
            input = nodes.axis(root, "input", (n, path) -> matrices.covariance(n, path, dx));
            matrices.uniqueNames(input, "input");
        } else {
            // The default has the identity of {name: iso, spectrum: [1, …, 1]} written out, and resolves to
            // the identity in any dimension (kappa 1), so it also serves models with their own d_x.
            ObjectNode iso = JsonNodeFactory.instance.objectNode().put("name", "iso");
            iso.putArray("spectrum").addAll(java.util.Collections.nCopies(dx, JsonNodeFactory.instance.numberNode(1)));
            input = List.of(new MatrixSpec("iso", null, 1.0, MatrixSpec.Shape.GEOMETRIC, null, null, 1.0, false,
                    Canonical.of(iso)));
        }
        List<TeacherSpec> teacher = root.has("teacher")
                ? nodes.axis(root, "teacher", (n, path) -> matrices.teacher(n, path, dx, dy))
                : List.of(TeacherSpec.IDENTITY);
        List<MatrixSpec> noise = nodes.axis(root, "noise", (n, path) -> matrices.covariance(n, path, dy));
        matrices.uniqueNames(noise, "noise");

        int replicates = nodes.optional(root, "", "replicates", (v, at) -> nodes.intIn(v, at, 1, 1_000_000), 1);
        long maxSteps = nodes.optional(root, "", "max_steps", (v, at) -> nodes.longIn(v, at, 1, Long.MAX_VALUE / 4),
                1_000_000L);
        int trajectory = nodes.optional(root, "", "trajectory_length",
                (v, at) -> nodes.intIn(v, at, 0, TaskSpec.MAX_TRAJECTORY_LENGTH), 128);
        List<Sampler> samplers = List.of(Sampler.AUTO, Sampler.SAMPLES, Sampler.STATISTICS);
        Sampler sampler = nodes.optional(root, "", "sampler", (v, at) -> nodes.choice(v, at, samplers, Sampler::label),
                Sampler.AUTO);
        ObjectNode convNode = JsonNodeFactory.instance.objectNode();
        ConvergenceSettings convergence = new ConvergenceReader(nodes).read(root.get("convergence"), convNode);
        long maxPoints = nodes.optional(root, "", "max_points", (v, at) -> nodes.longIn(v, at, 1, Long.MAX_VALUE),
                DEFAULT_MAX_POINTS);
        models.checkDimensions(model, input, noise);
        checkMinimumStarts(init, model, width, teacher, dx, dy);
        checkLosses(loss, init, model);
        SweepConfig.Axes axes = new SweepConfig.Axes(model, depth, width, batch, eta, relative, init, input, teacher,
                noise, loss);
        List<List<String>> zip = zip(root.get("zip"), axes);
        return new SweepConfig(sweep, dx, dy, axes, replicates, maxSteps, convergence, Canonical.of(convNode), trajectory,
                sampler, zip, maxPoints, nodes.file(), budgetTaus);
    }


    private List<List<String>> zip(JsonNode node, SweepConfig.Axes axes) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw nodes.error("zip", node, "must be a list of groups, e.g. [[batch_size, learning_rate]]");
        }
        List<List<String>> groups = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int g = 0; g < node.size(); g++) {
            JsonNode group = node.get(g);
            String path = "zip[" + g + "]";
            if (!group.isArray() || group.size() < 2) {
                throw nodes.error(path, group, "must be a list of at least two axis names");
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < group.size(); i++) {
                String axis = nodes.text(group.get(i), path + "[" + i + "]");
                if (axis.equals("learning_rate_relative") && axes.learningRateRelative()) {
                    axis = "learning_rate"; // one axis, whichever way its values are given
                }
                if (!SweepConfig.AXES.contains(axis)) {
                    throw nodes.error(path + "[" + i + "]", axis, "must be one of " + SweepConfig.AXES);
                }
                if (!used.add(axis)) {
                    throw nodes.error(path + "[" + i + "]", axis, "axis appears in more than one place in zip");
                }
                names.add(axis);
            }
            int n = axes.length(names.get(0));
            for (String axis : names) {
                if (axes.length(axis) != n) {
                    throw nodes.error(path, names.toString(), "zipped axes must have equal lengths, but "
                            + names.get(0) + " has " + n + " values and " + axis + " has " + axes.length(axis));
                }
            }
            groups.add(List.copyOf(names));
        }
        return List.copyOf(groups);
    }

    private static final String INIT_FORMS = "must be xavier, kaiming, flat, selected, {sharp: F} with F > 1, or a "
            + "number > 0";

    private InitChoice initChoice(JsonNode n, String path) {
        if (n.isTextual()) {
            return switch (n.textValue()) {
                case "xavier" -> new InitChoice(Init.xavier(), "xavier");
                case "kaiming" -> new InitChoice(Init.kaiming(), "kaiming");
                case "flat" -> new InitChoice(Init.flat(), "flat");
                case "selected" -> new InitChoice(Init.selected(), "selected");
                default -> throw nodes.error(path, n.textValue(), INIT_FORMS);
            };
        }
        if (n.isObject()) {
            if (n.size() != 1 || !n.has("sharp")) {
                throw nodes.error(path, n, INIT_FORMS);
            }
            Scalar factor = nodes.number(n.get("sharp"), path + ".sharp");
            if (!(factor.value() > 1)) {
                throw nodes.error(path + ".sharp", n.get("sharp"), "must be > 1 (T = F x T*, above the selected minimum)");
            }
            return new InitChoice(Init.sharp(factor.value()), "sharp:" + factor.text());
        }
        Scalar s = nodes.positive(n, path);
        return new InitChoice(Init.fixed(s.value()), s.text());
    }

    /**
     * Cross-entropy has no theory, so no minimum start (flat, selected, sharp), and its softmax needs two outputs
     * or more in every model.
     */
    private void checkLosses(List<Loss> loss, List<InitChoice> init, List<ModelChoice> model) {
        for (int l = 0; l < loss.size(); l++) {
            if (loss.get(l) == Loss.MSE) {
                continue;
            }
            String where = "loss[" + l + "]";
            for (int i = 0; i < init.size(); i++) {
                if (init.get(i).init().isMinimum()) {
                    throw nodes.error(where, loss.get(l).label(), "has no theory, so init[" + i + "] = "
                            + init.get(i).label() + " (a minimum of the linear theory, which is squared error's) "
                            + "cannot start it: use xavier, kaiming or a number");
                }
            }
            for (int m = 0; m < model.size(); m++) {
                if (model.get(m).dy() < 2) {
                    throw nodes.error(where, loss.get(l).label(), "needs d_y >= 2 (a softmax over one output is "
                            + "constant), but model[" + m + "] (" + model.get(m).name() + ") has d_y " + model.get(m).dy());
                }
            }
        }
    }

    /**
     * A minimum start (flat, selected, sharp) is a minimum of the linear network's theory: every model must be
     * linear and every width at least rank V′ (= rank V, Σ_x and Σ_ε being positive definite).
     */
    private void checkMinimumStarts(List<InitChoice> init, List<ModelChoice> model, List<Integer> width,
                                    List<TeacherSpec> teacher, int dx, int dy) {
        for (int i = 0; i < init.size(); i++) {
            if (!init.get(i).init().isMinimum()) {
                continue;
            }
            String where = "init[" + i + "]";
            for (int m = 0; m < model.size(); m++) {
                if (!model.get(m).isLinear()) {
                    throw nodes.error(where, init.get(i).label(), "is a minimum of the linear network's theory, but "
                            + "model[" + m + "] is " + model.get(m).name() + " (use xavier, kaiming or a number)");
                }
            }
            for (int t = 0; t < teacher.size(); t++) {
                int rank = org.ejml.dense.row.MatrixFeatures_DDRM.rank(teacher.get(t).resolve(dy, dx));
                for (int w = 0; w < width.size(); w++) {
                    if (width.get(w) < rank) {
                        throw nodes.error("width[" + w + "]", Integer.toString(width.get(w)), "is below rank V = "
                                + rank + " of teacher[" + t + "]: " + where + " = " + init.get(i).label()
                                + " needs a width at least the rank");
                    }
                }
            }
        }
    }
}
