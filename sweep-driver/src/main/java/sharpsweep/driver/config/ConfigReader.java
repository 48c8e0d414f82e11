package sharpsweep.driver.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ejml.data.DMatrixRMaj;
import sharpsweep.kernel.spec.ConvergenceSettings;
import sharpsweep.kernel.spec.Init;
import sharpsweep.kernel.spec.InvalidSpecException;
import sharpsweep.kernel.spec.ModelSpec;
import sharpsweep.kernel.spec.Sampler;
import sharpsweep.kernel.spec.SpecValidator;
import sharpsweep.kernel.spec.TaskSpec;

/**
 * Reads a sweep config strictly: YAML into a tree (no type tags, no object construction: Jackson's
 * tree model over SnakeYAML), then every key checked by hand against the rules below, so each
 * error names the file, the key path, the value and the rule. Unknown keys, wrong types, missing
 * required keys, empty axes, non-finite numbers and bad matrices are all errors.
 */
public final class ConfigReader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Set<String> TOP_KEYS = Set.of("sweep", "d_x", "d_y", "depth", "width", "batch_size",
            "learning_rate", "init", "input", "teacher", "noise", "replicates", "max_steps", "convergence",
            "trajectory_length", "sampler", "zip", "max_points", "model");
    private static final Set<String> MODEL_COMMON_KEYS = Set.of("name", "d_x", "d_y", "teacher_width", "teacher_seed",
            "eval_size", "probes", "max_steps", "noise_scale");
    private static final Set<String> MATRIX_KEYS = Set.of("name", "spectrum", "kappa", "shape", "matrix", "rotate",
            "scale", "normalise");
    private static final Set<String> CONVERGENCE_KEYS = Set.of("burn_in", "window", "measurements_per_window",
            "stable_windows", "trace_tol", "loss_tol", "residual_tol", "diverge_factor");
    private static final int MAX_DIMENSION = 4096;
    public static final long DEFAULT_MAX_POINTS = 100_000;

    private final String file;

    private ConfigReader(String file) {
        this.file = file;
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
        onlyKeys(root, "", TOP_KEYS);
        String sweep = name(required(root, "sweep", ""), "sweep");
        int dx = intIn(required(root, "d_x", ""), "d_x", 1, MAX_DIMENSION);
        int dy = intIn(required(root, "d_y", ""), "d_y", 1, MAX_DIMENSION);
        List<ModelChoice> model = models(root, dx, dy);
        List<Integer> depth = intAxis(root, "depth", 2, 64);
        List<Integer> width = intAxis(root, "width", 1, 1 << 16);
        List<Integer> batch = intAxis(root, "batch_size", 1, 1 << 24);
        List<Scalar> eta = new ArrayList<>();
        JsonNode etaNode = axis(root, "learning_rate");
        for (int i = 0; i < etaNode.size(); i++) {
            eta.add(positive(etaNode.get(i), "learning_rate[" + i + "]"));
        }
        List<InitChoice> init = new ArrayList<>();
        JsonNode initNode = root.has("init") ? axis(root, "init") : null;
        if (initNode == null) {
            init.add(new InitChoice(Init.xavier(), "xavier"));
        } else {
            for (int i = 0; i < initNode.size(); i++) {
                init.add(initChoice(initNode.get(i), "init[" + i + "]"));
            }
        }
        List<MatrixSpec> input = new ArrayList<>();
        if (root.has("input")) {
            JsonNode n = axis(root, "input");
            for (int i = 0; i < n.size(); i++) {
                input.add(matrixSpec(n.get(i), "input[" + i + "]", dx));
            }
            uniqueNames(input, "input");
        } else {
            // The default has the identity of {name: iso, spectrum: [1, …, 1]} written out, and resolves to
            // the identity in any dimension (kappa 1), so it also serves models with their own d_x.
            ObjectNode iso = JsonNodeFactory.instance.objectNode().put("name", "iso");
            iso.putArray("spectrum").addAll(java.util.Collections.nCopies(dx, JsonNodeFactory.instance.numberNode(1)));
            input.add(new MatrixSpec("iso", null, 1.0, MatrixSpec.Shape.GEOMETRIC, null, null, 1.0, false,
                    Canonical.of(iso)));
        }
        List<TeacherSpec> teacher = new ArrayList<>();
        if (root.has("teacher")) {
            JsonNode n = axis(root, "teacher");
            for (int i = 0; i < n.size(); i++) {
                teacher.add(teacherSpec(n.get(i), "teacher[" + i + "]", dx, dy));
            }
        } else {
            teacher.add(new TeacherSpec(TeacherSpec.Kind.IDENTITY, 0, 1, null, "identity", "\"identity\""));
        }
        List<MatrixSpec> noise = new ArrayList<>();
        JsonNode noiseNode = axis(root, "noise");
        for (int i = 0; i < noiseNode.size(); i++) {
            noise.add(matrixSpec(noiseNode.get(i), "noise[" + i + "]", dy));
        }
        uniqueNames(noise, "noise");

        int replicates = root.has("replicates") ? intIn(root.get("replicates"), "replicates", 1, 1_000_000) : 1;
        long maxSteps = root.has("max_steps") ? longIn(root.get("max_steps"), "max_steps", 1, Long.MAX_VALUE / 4)
                : 1_000_000;
        int trajectory = root.has("trajectory_length")
                ? intIn(root.get("trajectory_length"), "trajectory_length", 0, TaskSpec.MAX_TRAJECTORY_LENGTH) : 128;
        Sampler sampler = Sampler.AUTO;
        if (root.has("sampler")) {
            String s = text(root.get("sampler"), "sampler");
            sampler = switch (s) {
                case "auto" -> Sampler.AUTO;
                case "samples" -> Sampler.SAMPLES;
                case "statistics" -> Sampler.STATISTICS;
                default -> throw new ConfigException(file, "sampler", s, "must be one of auto, samples, statistics");
            };
        }
        ObjectNode convNode = JsonNodeFactory.instance.objectNode();
        ConvergenceSettings convergence = convergence(root.get("convergence"), convNode);
        long maxPoints = root.has("max_points") ? longIn(root.get("max_points"), "max_points", 1, Long.MAX_VALUE)
                : DEFAULT_MAX_POINTS;

        checkModelDimensions(model, input, noise, teacher);
        SweepConfig partial = new SweepConfig(sweep, dx, dy, model, depth, width, batch, eta, init, input, teacher, noise,
                replicates, maxSteps, convergence, Canonical.of(convNode), trajectory, sampler, List.of(), maxPoints,
                file);
        List<List<String>> zip = zip(root.get("zip"), partial);
        return new SweepConfig(sweep, dx, dy, model, depth, width, batch, eta, init, input, teacher, noise, replicates,
                maxSteps, convergence, Canonical.of(convNode), trajectory, sampler, zip, maxPoints, file);
    }

    /** The {@code model} axis; [linear] when absent. */
    private List<ModelChoice> models(JsonNode root, int dx, int dy) {
        if (!root.has("model")) {
            return List.of(ModelChoice.linear(dx, dy, 0, 1, "\"linear\""));
        }
        JsonNode n = axis(root, "model");
        List<ModelChoice> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            ModelChoice m = model(n.get(i), "model[" + i + "]", dx, dy);
            if (!seen.add(m.canonical() + "|" + m.dx() + "|" + m.dy() + "|" + m.maxSteps())) {
                throw new ConfigException(file, "model[" + i + "]", show(n.get(i)), "repeats an earlier model entry");
            }
            out.add(m);
        }
        return List.copyOf(out);
    }

    private ModelChoice model(JsonNode n, String path, int dx, int dy) {
        String name = n.isTextual() ? n.textValue() : n.isObject() && n.has("name") ? text(n.get("name"), path + ".name")
                : null;
        if (name == null) {
            throw new ConfigException(file, path, show(n), "must be a model name (linear, mlp, rnn, transformer) or a "
                    + "mapping with name and the model's parameters");
        }
        if (!List.of("linear", "mlp", "rnn", "transformer").contains(name)) {
            throw new ConfigException(file, n.isTextual() ? path : path + ".name", name,
                    "must be one of linear, mlp, rnn, transformer");
        }
        JsonNode params = n.isObject() ? n : JsonNodeFactory.instance.objectNode();
        Set<String> allowed = new HashSet<>(name.equals("linear") ? Set.of("name", "max_steps", "noise_scale")
                : MODEL_COMMON_KEYS);
        if (name.equals("rnn")) {
            allowed.addAll(Set.of("sequence_length", "activation"));
        } else if (name.equals("transformer")) {
            allowed.addAll(Set.of("sequence_length", "heads"));
        }
        onlyKeys(params, path + ".", allowed);
        String p = path + ".";
        long maxSteps = params.has("max_steps") ? longIn(params.get("max_steps"), p + "max_steps", 1, Long.MAX_VALUE / 4)
                : 0;
        Scalar noiseScale = params.has("noise_scale") ? positive(params.get("noise_scale"), p + "noise_scale")
                : new Scalar(1, "1");
        if (name.equals("linear")) {
            // A linear point's key has no model entry; a noise_scale other than 1 enters it as its own key.
            return ModelChoice.linear(dx, dy, maxSteps, noiseScale.value(),
                    noiseScale.value() == 1 ? "\"linear\"" : noiseScale.text());
        }
        int mdx = params.has("d_x") ? intIn(params.get("d_x"), p + "d_x", 1, MAX_DIMENSION) : dx;
        int mdy = params.has("d_y") ? intIn(params.get("d_y"), p + "d_y", 1, MAX_DIMENSION) : dy;
        int teacherWidth = params.has("teacher_width") ? intIn(params.get("teacher_width"), p + "teacher_width", 1, 1 << 16)
                : ModelSpec.DEFAULT_TEACHER_WIDTH;
        long teacherSeed = params.has("teacher_seed")
                ? longIn(params.get("teacher_seed"), p + "teacher_seed", Long.MIN_VALUE, Long.MAX_VALUE) : 0;
        int evalSize = params.has("eval_size") ? intIn(params.get("eval_size"), p + "eval_size", 1, 10_000_000)
                : ModelSpec.DEFAULT_EVAL_SIZE;
        int probes = params.has("probes") ? intIn(params.get("probes"), p + "probes", 2, 1_000_000)
                : ModelSpec.DEFAULT_PROBES;
        int length = params.has("sequence_length") ? intIn(params.get("sequence_length"), p + "sequence_length", 1, 4096)
                : 4;
        String activation = "tanh";
        if (params.has("activation")) {
            activation = text(params.get("activation"), p + "activation");
            if (!activation.equals("tanh") && !activation.equals("relu")) {
                throw new ConfigException(file, p + "activation", activation, "must be tanh or relu");
            }
        }
        int heads = params.has("heads") ? intIn(params.get("heads"), p + "heads", 1, 4096) : 2;
        ObjectNode canonical = JsonNodeFactory.instance.objectNode().put("name", name)
                .put("teacher_width", teacherWidth).put("teacher_seed", teacherSeed).put("eval_size", evalSize)
                .put("probes", probes);
        if (noiseScale.value() != 1) {
            canonical.set("noise_scale", params.get("noise_scale")); // as written: exact decimal digits
        }
        if (name.equals("rnn")) {
            canonical.put("sequence_length", length).put("activation", activation);
        } else if (name.equals("transformer")) {
            canonical.put("sequence_length", length).put("heads", heads);
            if (mdx != mdy) {
                throw new ConfigException(file, path, show(n), "a transformer needs d_x = d_y (its residual connections), "
                        + "got d_x " + mdx + " and d_y " + mdy);
            }
            if (mdx % heads != 0) {
                throw new ConfigException(file, p + "heads", Integer.toString(heads), "must divide d_x = " + mdx);
            }
        }
        ModelSpec.Nonlinear spec = switch (name) {
            case "mlp" -> new ModelSpec.Mlp(teacherWidth, teacherSeed, evalSize, probes);
            case "rnn" -> new ModelSpec.Rnn(teacherWidth, teacherSeed, evalSize, probes, length,
                    ModelSpec.Activation.of(activation));
            default -> new ModelSpec.Transformer(teacherWidth, teacherSeed, evalSize, probes, length, heads);
        };
        return new ModelChoice(spec, mdx, mdy, maxSteps, noiseScale.value(), Canonical.of(canonical));
    }

    /** Matrices written for one dimension must fit every model that uses them. */
    private void checkModelDimensions(List<ModelChoice> models, List<MatrixSpec> input, List<MatrixSpec> noise,
                                      List<TeacherSpec> teacher) {
        for (int m = 0; m < models.size(); m++) {
            ModelChoice mc = models.get(m);
            String who = "model[" + m + "] (" + mc.name() + ")";
            for (int i = 0; i < noise.size(); i++) {
                int size = noise.get(i).writtenSize();
                if (size > 0 && size != mc.dy()) {
                    throw new ConfigException(file, "noise[" + i + "]", noise.get(i).name(), "is written for d_y = " + size
                            + " but " + who + " has d_y = " + mc.dy() + "; use the kappa form, which fits any dimension");
                }
            }
            for (int i = 0; i < input.size(); i++) {
                int size = input.get(i).writtenSize();
                if (size > 0 && size != mc.dx()) {
                    throw new ConfigException(file, "input[" + i + "]", input.get(i).name(), "is written for d_x = " + size
                            + " but " + who + " has d_x = " + mc.dx() + "; use the kappa form, which fits any dimension");
                }
            }
            if (mc.isLinear() && (mc.dx() != models.get(0).dx() || mc.dy() != models.get(0).dy())) {
                throw new ConfigException(file, "model[" + m + "]", mc.name(), "the linear model uses the config's d_x, d_y");
            }
        }
    }

    private ConvergenceSettings convergence(JsonNode node, ObjectNode canonical) {
        ConvergenceSettings d = ConvergenceSettings.defaults();
        if (node == null) {
            return d;
        }
        if (!node.isObject()) {
            throw new ConfigException(file, "convergence", show(node), "must be a mapping");
        }
        onlyKeys(node, "convergence.", CONVERGENCE_KEYS);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            canonical.set(e.getKey(), e.getValue());
        }
        String p = "convergence.";
        ConvergenceSettings c = new ConvergenceSettings(
                node.has("burn_in") ? longIn(node.get("burn_in"), p + "burn_in", 0, Long.MAX_VALUE / 4) : d.burnIn(),
                node.has("window") ? longIn(node.get("window"), p + "window", 0, Long.MAX_VALUE / 4) : d.window(),
                node.has("measurements_per_window")
                        ? intIn(node.get("measurements_per_window"), p + "measurements_per_window", 1, 100_000)
                        : d.measurementsPerWindow(),
                node.has("stable_windows") ? intIn(node.get("stable_windows"), p + "stable_windows", 1, 1000)
                        : d.stableWindows(),
                node.has("trace_tol") ? positive(node.get("trace_tol"), p + "trace_tol").value() : d.traceTol(),
                node.has("loss_tol") ? positive(node.get("loss_tol"), p + "loss_tol").value() : d.lossTol(),
                node.has("residual_tol") ? positive(node.get("residual_tol"), p + "residual_tol").value()
                        : d.residualTol(),
                node.has("diverge_factor") ? positive(node.get("diverge_factor"), p + "diverge_factor").value()
                        : d.divergeFactor());
        return c;
    }

    private List<List<String>> zip(JsonNode node, SweepConfig config) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ConfigException(file, "zip", show(node), "must be a list of groups, e.g. [[batch_size, learning_rate]]");
        }
        List<List<String>> groups = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int g = 0; g < node.size(); g++) {
            JsonNode group = node.get(g);
            String path = "zip[" + g + "]";
            if (!group.isArray() || group.size() < 2) {
                throw new ConfigException(file, path, show(group), "must be a list of at least two axis names");
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < group.size(); i++) {
                String axis = text(group.get(i), path + "[" + i + "]");
                if (!SweepConfig.AXES.contains(axis)) {
                    throw new ConfigException(file, path + "[" + i + "]", axis, "must be one of " + SweepConfig.AXES);
                }
                if (!used.add(axis)) {
                    throw new ConfigException(file, path + "[" + i + "]", axis, "axis appears in more than one place in zip");
                }
                names.add(axis);
            }
            int n = config.axisLength(names.get(0));
            for (String axis : names) {
                if (config.axisLength(axis) != n) {
                    throw new ConfigException(file, path, names.toString(), "zipped axes must have equal lengths, but "
                            + names.get(0) + " has " + n + " values and " + axis + " has " + config.axisLength(axis));
                }
            }
            groups.add(List.copyOf(names));
        }
        return List.copyOf(groups);
    }

    private InitChoice initChoice(JsonNode n, String path) {
        if (n.isTextual()) {
            return switch (n.textValue()) {
                case "xavier" -> new InitChoice(Init.xavier(), "xavier");
                case "kaiming" -> new InitChoice(Init.kaiming(), "kaiming");
                default -> throw new ConfigException(file, path, n.textValue(), "must be xavier, kaiming or a number > 0");
            };
        }
        Scalar s = positive(n, path);
        return new InitChoice(Init.fixed(s.value()), s.text());
    }

    private MatrixSpec matrixSpec(JsonNode n, String path, int dim) {
        if (!n.isObject()) {
            throw new ConfigException(file, path, show(n), "must be a mapping with name and one of spectrum, kappa, matrix");
        }
        onlyKeys(n, path + ".", MATRIX_KEYS);
        String name = name(required(n, "name", path + "."), path + ".name");
        int forms = (n.has("spectrum") ? 1 : 0) + (n.has("kappa") ? 1 : 0) + (n.has("matrix") ? 1 : 0);
        if (forms != 1) {
            throw new ConfigException(file, path, name, "needs exactly one of spectrum, kappa (with shape), matrix; found "
                    + forms);
        }
        double scale = n.has("scale") ? positive(n.get("scale"), path + ".scale").value() : 1.0;
        Long rotate = n.has("rotate") ? longIn(n.get("rotate"), path + ".rotate", Long.MIN_VALUE, Long.MAX_VALUE) : null;
        if (n.has("shape") && !n.has("kappa")) {
            throw new ConfigException(file, path + ".shape", show(n.get("shape")), "only goes with kappa");
        }
        double[] spectrum = null;
        double kappa = Double.NaN;
        MatrixSpec.Shape shape = null;
        double[][] matrix = null;
        if (n.has("spectrum")) {
            JsonNode s = n.get("spectrum");
            if (!s.isArray() || s.size() != dim) {
                throw new ConfigException(file, path + ".spectrum", show(s), "must be a list of " + dim
                        + " eigenvalues (the dimension)");
            }
            spectrum = new double[dim];
            for (int i = 0; i < dim; i++) {
                spectrum[i] = positive(s.get(i), path + ".spectrum[" + i + "]").value();
            }
        } else if (n.has("kappa")) {
            kappa = number(n.get("kappa"), path + ".kappa").value();
            if (!(kappa >= 1)) {
                throw new ConfigException(file, path + ".kappa", show(n.get("kappa")), "must be >= 1");
            }
            if (dim == 1 && kappa != 1) {
                throw new ConfigException(file, path + ".kappa", show(n.get("kappa")), "must be 1 in dimension 1");
            }
            String sh = n.has("shape") ? text(n.get("shape"), path + ".shape") : "geometric";
            shape = MatrixSpec.Shape.parse(sh);
            if (shape == null) {
                throw new ConfigException(file, path + ".shape", sh, "must be geometric, two-level, power-law or spike");
            }
        } else {
            if (rotate != null) {
                throw new ConfigException(file, path + ".rotate", show(n.get("rotate")),
                        "only goes with spectrum or kappa (a full matrix has its own basis)");
            }
            matrix = matrix(n.get("matrix"), path + ".matrix", dim, dim);
        }
        boolean traceNormalised = false;
        if (n.has("normalise")) {
            String how = text(n.get("normalise"), path + ".normalise");
            if (!how.equals("trace") || matrix != null) {
                throw new ConfigException(file, path + ".normalise", how, "must be trace, with spectrum or kappa");
            }
            traceNormalised = true;
        }
        MatrixSpec spec = new MatrixSpec(name, spectrum, kappa, shape, matrix, rotate, scale, traceNormalised,
                Canonical.of(n));
        DMatrixRMaj resolved = spec.resolve(dim);
        try {
            SpecValidator.requireSpd(path, resolved);
        } catch (InvalidSpecException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
        return spec;
    }

    private TeacherSpec teacherSpec(JsonNode n, String path, int dx, int dy) {
        if (n.isTextual()) {
            if (!n.textValue().equals("identity")) {
                throw new ConfigException(file, path, n.textValue(),
                        "must be identity, {random: {seed: S, scale: C}} or {matrix: [[...]]}");
            }
            return new TeacherSpec(TeacherSpec.Kind.IDENTITY, 0, 1, null, "identity", "\"identity\"");
        }
        if (!n.isObject() || n.size() != 1 || !(n.has("random") || n.has("matrix"))) {
            throw new ConfigException(file, path, show(n), "must be identity, {random: {seed: S, scale: C}} or {matrix: [[...]]}");
        }
        if (n.has("random")) {
            JsonNode r = n.get("random");
            if (!r.isObject()) {
                throw new ConfigException(file, path + ".random", show(r), "must be a mapping {seed: S, scale: C}");
            }
            onlyKeys(r, path + ".random.", Set.of("seed", "scale"));
            long seed = longIn(required(r, "seed", path + ".random."), path + ".random.seed", Long.MIN_VALUE, Long.MAX_VALUE);
            Scalar scale = r.has("scale") ? positive(r.get("scale"), path + ".random.scale") : new Scalar(1, "1");
            return new TeacherSpec(TeacherSpec.Kind.RANDOM, seed, scale.value(), null,
                    "random(seed=" + seed + ",scale=" + scale.text() + ")", Canonical.of(n));
        }
        double[][] m = matrix(n.get("matrix"), path + ".matrix", dy, dx);
        return new TeacherSpec(TeacherSpec.Kind.MATRIX, 0, 1, m, "matrix", Canonical.of(n));
    }

    private double[][] matrix(JsonNode n, String path, int rows, int cols) {
        if (!n.isArray() || n.size() != rows) {
            throw new ConfigException(file, path, show(n), "must be a list of " + rows + " rows of " + cols + " numbers");
        }
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            JsonNode row = n.get(i);
            if (!row.isArray() || row.size() != cols) {
                throw new ConfigException(file, path + "[" + i + "]", show(row), "must be a row of " + cols + " numbers");
            }
            for (int j = 0; j < cols; j++) {
                m[i][j] = number(row.get(j), path + "[" + i + "][" + j + "]").value();
            }
        }
        return m;
    }

    private void uniqueNames(List<MatrixSpec> specs, String axis) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            if (!seen.add(specs.get(i).name())) {
                throw new ConfigException(file, axis + "[" + i + "].name", specs.get(i).name(), "names must be unique");
            }
        }
    }

    private JsonNode axis(JsonNode root, String key) {
        JsonNode n = required(root, key, "");
        if (!n.isArray()) {
            throw new ConfigException(file, key, show(n), "must be a list (an axis of the grid), e.g. [" + show(n) + "]");
        }
        if (n.isEmpty()) {
            throw new ConfigException(file, key, "[]", "an axis needs at least one value");
        }
        return n;
    }

    private List<Integer> intAxis(JsonNode root, String key, int min, int max) {
        JsonNode n = axis(root, key);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(intIn(n.get(i), key + "[" + i + "]", min, max));
        }
        return List.copyOf(out);
    }

    private JsonNode required(JsonNode obj, String key, String prefix) {
        JsonNode n = obj.get(key);
        if (n == null || n.isNull()) {
            throw new ConfigException(file, prefix + key, null, "required key is missing");
        }
        return n;
    }

    private void onlyKeys(JsonNode obj, String prefix, Set<String> allowed) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new ConfigException(file, prefix + k, null, "unknown key (allowed: "
                        + allowed.stream().sorted().toList() + ")");
            }
        }
    }

    private String text(JsonNode n, String path) {
        if (!n.isTextual()) {
            throw new ConfigException(file, path, show(n), "must be a string");
        }
        return n.textValue();
    }

    private String name(JsonNode n, String path) {
        String s = n.isTextual() ? n.textValue() : n.isNumber() ? n.asText() : null;
        if (s == null || !NAME.matcher(s).matches()) {
            throw new ConfigException(file, path, show(n),
                    "must be 1-100 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return s;
    }

    /** A finite number, as written. */
    private Scalar number(JsonNode n, String path) {
        if (n.isNumber() && !(n.isDouble() || n.isFloat())) {
            BigDecimal d = n.decimalValue();
            return new Scalar(d.doubleValue(), Canonical.number(d));
        }
        if (n.isDouble() || n.isFloat()) { // only non-finite values arrive as doubles (.nan, .inf)
            double v = n.doubleValue();
            if (!Double.isFinite(v)) {
                throw new ConfigException(file, path, show(n), "must be a finite number");
            }
            BigDecimal d = BigDecimal.valueOf(v);
            return new Scalar(v, Canonical.number(d));
        }
        if (n.isTextual() && (n.textValue().toLowerCase().contains("nan") || n.textValue().toLowerCase().contains("inf"))) {
            throw new ConfigException(file, path, show(n), "must be a finite number");
        }
        throw new ConfigException(file, path, show(n), "must be a number");
    }

    private Scalar positive(JsonNode n, String path) {
        Scalar s = number(n, path);
        if (!(s.value() > 0) || !Double.isFinite(s.value())) {
            throw new ConfigException(file, path, show(n), "must be > 0");
        }
        return s;
    }

    private int intIn(JsonNode n, String path, int min, int max) {
        return (int) longIn(n, path, min, max);
    }

    private long longIn(JsonNode n, String path, long min, long max) {
        if (!n.isIntegralNumber()) {
            if (n.isNumber() && number(n, path).value() == Math.rint(number(n, path).value())
                    && n.decimalValue().stripTrailingZeros().scale() <= 0) {
                n = JsonNodeFactory.instance.numberNode(n.decimalValue().toBigIntegerExact());
            } else {
                throw new ConfigException(file, path, show(n), "must be a whole number");
            }
        }
        if (!n.canConvertToLong()) {
            throw new ConfigException(file, path, show(n), "must be between " + min + " and " + max);
        }
        long v = n.longValue();
        if (v < min || v > max) {
            throw new ConfigException(file, path, show(n), "must be between " + min + " and " + max);
        }
        return v;
    }

    private static double[] ones(int d) {
        double[] o = new double[d];
        java.util.Arrays.fill(o, 1.0);
        return o;
    }

    /** A short one-line rendering of a value for messages. */
    static String show(JsonNode n) {
        String s = n.isTextual() ? n.textValue() : n.toString();
        s = s.replaceAll("\\s+", " ");
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
