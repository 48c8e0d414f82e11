package sharpsweep.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import sharpsweep.kernel.spec.InvalidSpecException;
import sharpsweep.kernel.spec.SpecValidator;

/** Reads the matrix axes of a config: {@code noise} (Σ_ε) and {@code input} (Σ_x) entries, and {@code teacher} (V). */
final class MatrixReader {
    private static final Set<String> MATRIX_KEYS = Set.of("name", "spectrum", "kappa", "shape", "matrix", "rotate",
            "scale", "normalise");
    private static final String TEACHER_FORMS = "must be identity, {random: {seed: S, scale: C}} or {matrix: [[...]]}";

    private final Nodes nodes;

    MatrixReader(Nodes nodes) {
        this.nodes = nodes;
    }

    /** A covariance entry in dimension {@code dim}, checked symmetric positive definite. */
    MatrixSpec covariance(JsonNode n, String path, int dim) {
        if (!n.isObject()) {
            throw nodes.error(path, n, "must be a mapping with name and one of spectrum, kappa, matrix");
        }
        nodes.onlyKeys(n, path + ".", MATRIX_KEYS);
        String name = nodes.name(nodes.required(n, "name", path + "."), path + ".name");
        int forms = (n.has("spectrum") ? 1 : 0) + (n.has("kappa") ? 1 : 0) + (n.has("matrix") ? 1 : 0);
        if (forms != 1) {
            throw nodes.error(path, name, "needs exactly one of spectrum, kappa (with shape), matrix; found " + forms);
        }
        String p = path + ".";
        double scale = nodes.optional(n, p, "scale", nodes::positive, Scalar.ONE).value();
        Long rotate = nodes.optional(n, p, "rotate", (v, at) -> nodes.longIn(v, at, Long.MIN_VALUE, Long.MAX_VALUE), null);
        if (n.has("shape") && !n.has("kappa")) {
            throw nodes.error(p + "shape", n.get("shape"), "only goes with kappa");
        }
        double[] spectrum = null;
        double kappa = Double.NaN;
        MatrixSpec.Shape shape = null;
        double[][] matrix = null;
        if (n.has("spectrum")) {
            spectrum = spectrum(n.get("spectrum"), p + "spectrum", dim);
        } else if (n.has("kappa")) {
            kappa = nodes.number(n.get("kappa"), p + "kappa").value();
            if (!(kappa >= 1)) {
                throw nodes.error(p + "kappa", n.get("kappa"), "must be >= 1");
            }
            if (dim == 1 && kappa != 1) {
                throw nodes.error(p + "kappa", n.get("kappa"), "must be 1 in dimension 1");
            }
            String sh = nodes.optional(n, p, "shape", nodes::text, "geometric");
            shape = MatrixSpec.Shape.parse(sh);
            if (shape == null) {
                throw nodes.error(p + "shape", sh, "must be geometric, two-level, power-law or spike");
            }
        } else {
            if (rotate != null) {
                throw nodes.error(p + "rotate", n.get("rotate"),
                        "only goes with spectrum or kappa (a full matrix has its own basis)");
            }
            matrix = nodes.matrix(n.get("matrix"), p + "matrix", dim, dim);
        }
        boolean traceNormalised = false;
        if (n.has("normalise")) {
            String how = nodes.text(n.get("normalise"), p + "normalise");
            if (!how.equals("trace") || matrix != null) {
                throw nodes.error(p + "normalise", how, "must be trace, with spectrum or kappa");
            }
            traceNormalised = true;
        }
        MatrixSpec spec = new MatrixSpec(name, spectrum, kappa, shape, matrix, rotate, scale, traceNormalised,
                Canonical.of(n));
        DMatrixRMaj resolved = spec.resolve(dim);
        try {
            SpecValidator.requireSpd(path, resolved);
        } catch (InvalidSpecException e) {
            throw new ConfigException(nodes.file() + ": " + e.getMessage());
        }
        return spec;
    }

    private double[] spectrum(JsonNode s, String path, int dim) {
        if (!s.isArray() || s.size() != dim) {
            throw nodes.error(path, s, "must be a list of " + dim + " eigenvalues (the dimension)");
        }
        double[] spectrum = new double[dim];
        for (int i = 0; i < dim; i++) {
            spectrum[i] = nodes.positive(s.get(i), path + "[" + i + "]").value();
        }
        return spectrum;
    }

    /** A teacher entry: identity, a seeded random d_y × d_x matrix, or a written one. */
    TeacherSpec teacher(JsonNode n, String path, int dx, int dy) {
        if (n.isTextual()) {
            if (!n.textValue().equals("identity")) {
                throw nodes.error(path, n.textValue(), TEACHER_FORMS);
            }
            return TeacherSpec.IDENTITY;
        }
        if (!n.isObject() || n.size() != 1 || !(n.has("random") || n.has("matrix"))) {
            throw nodes.error(path, n, TEACHER_FORMS);
        }
        if (n.has("random")) {
            JsonNode r = n.get("random");
            String p = path + ".random.";
            if (!r.isObject()) {
                throw nodes.error(path + ".random", r, "must be a mapping {seed: S, scale: C}");
            }
            nodes.onlyKeys(r, p, Set.of("seed", "scale"));
            long seed = nodes.longIn(nodes.required(r, "seed", p), p + "seed", Long.MIN_VALUE, Long.MAX_VALUE);
            Scalar scale = nodes.optional(r, p, "scale", nodes::positive, Scalar.ONE);
            return new TeacherSpec(TeacherSpec.Kind.RANDOM, seed, scale.value(), null,
                    "random(seed=" + seed + ",scale=" + scale.text() + ")", Canonical.of(n));
        }
        double[][] m = nodes.matrix(n.get("matrix"), path + ".matrix", dy, dx);
        return new TeacherSpec(TeacherSpec.Kind.MATRIX, 0, 1, m, "matrix", Canonical.of(n));
    }

    /** Names of an axis's entries must differ: they label the table's rows. */
    void uniqueNames(List<MatrixSpec> specs, String axis) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            if (!seen.add(specs.get(i).name())) {
                throw nodes.error(axis + "[" + i + "].name", specs.get(i).name(), "names must be unique");
            }
        }
    }
}
