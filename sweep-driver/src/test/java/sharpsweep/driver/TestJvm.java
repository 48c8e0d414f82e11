package sharpsweep.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The JVM options of conf/jvm-options (the build passes its path), for the JVMs the tests start. */
public final class TestJvm {
    private TestJvm() {
    }

    /** The options, one a line in the file. */
    public static List<String> options() {
        String file = System.getProperty("sharpsweep.test.jvmOptionsFile");
        if (file == null) {
            throw new IllegalStateException("sharpsweep.test.jvmOptionsFile is not set: run the tests through Maven");
        }
        try {
            return Files.readAllLines(Path.of(file)).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options as one space-separated string (Spark's extraJavaOptions). */
    public static String joined() {
        return String.join(" ", options());
    }
}
