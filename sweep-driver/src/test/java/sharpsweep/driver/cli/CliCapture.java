package sharpsweep.driver.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process with its output and errors captured through picocli's writers. */
public record CliCapture(int exitCode, String out, String err) {

    public static CliCapture run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliCapture(code, out.toString(), err.toString());
    }
}
