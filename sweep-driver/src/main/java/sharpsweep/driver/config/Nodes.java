package sharpsweep.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Typed readers of a config's YAML nodes. It carries the file name, so every error it throws is the
 * one-line {@link ConfigException} naming the file, the key path, the value and the rule.
 */
final class Nodes {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final String file;

    Nodes(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** An error at {@code path} with the value shown as written. */
    ConfigException error(String path, JsonNode value, String rule) {
        return new ConfigException(file, path, value == null ? null : show(value), rule);
    }

    /** An error at {@code path} with a value already rendered. */
    ConfigException error(String path, String value, String rule) {
        return new ConfigException(file, path, value, rule);
    }

    /** The value of {@code key} read by {@code reader} at path {@code prefix + key}, or {@code absent}. */
    <T> T optional(JsonNode obj, String prefix, String key, BiFunction<JsonNode, String, T> reader, T absent) {
        JsonNode n = obj.get(key);
        return n == null ? absent : reader.apply(n, prefix + key);
    }

    JsonNode required(JsonNode obj, String key, String prefix) {
        JsonNode n = obj.get(key);
        if (n == null || n.isNull()) {
            throw error(prefix + key, (String) null, "required key is missing");
        }
        return n;
    }

    void onlyKeys(JsonNode obj, String prefix, Set<String> allowed) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!allowed.contains(k)) {
                String guess = closest(k, allowed);
                throw error(prefix + k, (String) null, "unknown key (" + (guess == null ? "" : "did you mean " + guess
                        + "? ") + "allowed: " + allowed.stream().sorted().toList() + ")");
            }
        }
    }

    /** The allowed key a typo most likely meant: within edit distance 2 (1 for keys up to 4 letters), else null. */
    static String closest(String key, Set<String> allowed) {
        String best = null;
        int bestDistance = key.length() <= 4 ? 2 : 3;
        for (String a : allowed.stream().sorted().toList()) {
            int d = editDistance(key, a);
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance, with a swap of two neighbouring letters counting as one edit. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** A grid axis: a non-empty list. */
    JsonNode axis(JsonNode root, String key) {
        JsonNode n = required(root, key, "");
        if (!n.isArray()) {
            throw error(key, n, "must be a list (an axis of the grid), e.g. [" + show(n) + "]");
        }
        if (n.isEmpty()) {
            throw error(key, "[]", "an axis needs at least one value");
        }
        return n;
    }

    /** Each value of axis {@code key} read by {@code reader} at path {@code key[i]}. */
    <T> List<T> axis(JsonNode root, String key, BiFunction<JsonNode, String, T> reader) {
        JsonNode n = axis(root, key);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(reader.apply(n.get(i), key + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    List<Integer> intAxis(JsonNode root, String key, int min, int max) {
        return axis(root, key, (n, path) -> intIn(n, path, min, max));
    }

    String text(JsonNode n, String path) {
        if (!n.isTextual()) {
            throw error(path, n, "must be a string");
        }
        return n.textValue();
    }

    /** One of an enum's values, by its config spelling {@code label}; an error lists them in the given order. */
    <E extends Enum<E>> E choice(JsonNode n, String path, List<E> values, Function<E, String> label) {
        String word = text(n, path);
        for (E v : values) {
            if (label.apply(v).equals(word)) {
                return v;
            }
        }
        List<String> words = values.stream().map(label).toList();
        throw error(path, word, words.size() == 2 ? "must be " + words.get(0) + " or " + words.get(1)
                : "must be one of " + String.join(", ", words));
    }

    /** A name: 1–100 letters, digits, '.', '_' or '-'. */
    String name(JsonNode n, String path) {
        String s = n.isTextual() ? n.textValue() : n.isNumber() ? n.asText() : null;
        if (s == null || !NAME.matcher(s).matches()) {
            throw error(path, n, "must be 1-100 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return s;
    }

    /** A finite number, with the digits as written. */
    Scalar number(JsonNode n, String path) {
        if (n.isNumber() && !(n.isDouble() || n.isFloat())) {
            BigDecimal d = n.decimalValue();
            return new Scalar(d.doubleValue(), Canonical.number(d));
        }
        if (n.isDouble() || n.isFloat()) { // only non-finite values arrive as doubles (.nan, .inf)
            double v = n.doubleValue();
            if (!Double.isFinite(v)) {
                throw error(path, n, "must be a finite number");
            }
            return new Scalar(v, Canonical.number(BigDecimal.valueOf(v)));
        }
        if (n.isTextual() && (n.textValue().toLowerCase().contains("nan") || n.textValue().toLowerCase().contains("inf"))) {
            throw error(path, n, "must be a finite number");
        }
        throw error(path, n, "must be a number");
    }

    Scalar positive(JsonNode n, String path) {
        Scalar s = number(n, path);
        if (!(s.value() > 0) || !Double.isFinite(s.value())) {
            throw error(path, n, "must be > 0");
        }
        return s;
    }

    /** A number in [min, max]. */
    double doubleIn(JsonNode n, String path, double min, double max) {
        double v = number(n, path).value();
        if (v < min || v > max) {
            throw error(path, n, "must be between " + min + " and " + max);
        }
        return v;
    }

    int intIn(JsonNode n, String path, int min, int max) {
        return (int) longIn(n, path, min, max);
    }

    /** A whole number in [min, max]; 1e3 and 1000.0 count as whole. */
    long longIn(JsonNode n, String path, long min, long max) {
        if (!n.isIntegralNumber()) {
            if (n.isNumber() && number(n, path).value() == Math.rint(number(n, path).value())
                    && n.decimalValue().stripTrailingZeros().scale() <= 0) {
                n = JsonNodeFactory.instance.numberNode(n.decimalValue().toBigIntegerExact());
            } else {
                throw error(path, n, "must be a whole number");
            }
        }
        if (!n.canConvertToLong()) {
            throw error(path, n, "must be between " + min + " and " + max);
        }
        long v = n.longValue();
        if (v < min || v > max) {
            throw error(path, n, "must be between " + min + " and " + max);
        }
        return v;
    }

    /** A rows × cols matrix of finite numbers. */
    double[][] matrix(JsonNode n, String path, int rows, int cols) {
        if (!n.isArray() || n.size() != rows) {
            throw error(path, n, "must be a list of " + rows + " rows of " + cols + " numbers");
        }
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            JsonNode row = n.get(i);
            if (!row.isArray() || row.size() != cols) {
                throw error(path + "[" + i + "]", row, "must be a row of " + cols + " numbers");
            }
            for (int j = 0; j < cols; j++) {
                m[i][j] = number(row.get(j), path + "[" + i + "][" + j + "]").value();
            }
        }
        return m;
    }

    /** A short one-line rendering of a value for messages. */
    static String show(JsonNode n) {
        String s = n.isTextual() ? n.textValue() : n.toString();
        s = s.replaceAll("\\s+", " ");
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
