package sharpsweep.kernel.standards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Source rules of the kernel, checked on its text (in the spirit of EJML's code-standards test).
 *
 * <p>java.lang.Math may use intrinsics whose last bit differs between JVMs and between the interpreter
 * and the JIT for the transcendental functions; StrictMath is fdlibm everywhere. Math's exactly specified
 * operations (sqrt, abs, min, max, floor, ceil, rint, round, fma, signum, ulp, ...: IEEE-754 correctly
 * rounded or exact) give the same bits everywhere and stay allowed.
 */
class CodeStandardsTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern INEXACT_MATH = Pattern.compile(
            "\\bMath\\.(exp|expm1|log|log10|log1p|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|cbrt|hypot)\\s*\\(");

    @Test
    void noJvmDependentMathInTheKernel() throws IOException {
        List<String> offences = new ArrayList<>();
        for (Path file : javaFiles()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = INEXACT_MATH.matcher(lines.get(i));
                while (m.find()) {
                    // StrictMath.exp( also contains "Math.exp(": only a bare Math. counts.
                    int at = m.start();
                    boolean strict = at >= 6 && lines.get(i).startsWith("Strict", at - 6);
                    if (!strict) {
                        offences.add(MAIN.relativize(file) + ":" + (i + 1) + ": Math." + m.group(1));
                    }
                }
            }
        }
        assertEquals(List.of(), offences, "use StrictMath (same bits in every JVM) instead of");
    }

    @Test
    void theRuleSeesAnOffence() {
        // The pattern must catch a bare call and let StrictMath and exact operations through.
        assertTrue(INEXACT_MATH.matcher("double y = Math.exp(x);").find());
        assertTrue(INEXACT_MATH.matcher("Math.pow (a, b)").find());
        assertTrue(!INEXACT_MATH.matcher("Math.sqrt(x) + Math.abs(y)").find());
    }

    private static List<Path> javaFiles() throws IOException {
        assertTrue(Files.isDirectory(MAIN), "run from the module directory: " + MAIN.toAbsolutePath());
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
