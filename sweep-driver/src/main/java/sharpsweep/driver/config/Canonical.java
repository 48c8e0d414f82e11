package sharpsweep.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stable text forms for task identity (docs/DESIGN.md §4): object keys sorted, numbers as the shortest
 * decimal of the value the user wrote (from the YAML text, so the JDK's double formatting plays no
 * part): 0.010, 1e-2 and 0.01 all become 0.01; 2000000 and 2e6 become 2000000.
 */
public final class Canonical {
    private Canonical() {
    }

    public static String number(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        if (s.scale() < 0 && s.precision() - s.scale() <= 18) {
            s = s.setScale(0); // integers in plain form
        }
        return s.toString();
    }

    /** A JSON-like text of a YAML node with sorted keys and canonical numbers. */
    public static String of(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    private static void write(JsonNode node, StringBuilder sb) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), e.getValue());
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(quote(e.getKey())).append(':');
                write(e.getValue(), sb);
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(node.get(i), sb);
            }
            sb.append(']');
        } else if (node.isNumber()) {
            sb.append(number(node.decimalValue()));
        } else if (node.isTextual()) {
            sb.append(quote(node.textValue()));
        } else {
            sb.append(node.asText());
        }
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
