package sharpsweep.driver.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import sharpsweep.driver.config.ConfigException;
import sharpsweep.driver.run.UsageException;
import sharpsweep.driver.storage.Folder;
import sharpsweep.driver.storage.Lease;

/**
 * {@code sharpsweep}: plan, predict, run and inspect sweeps. Exit codes: 0 ok, 1 the run failed,
 * 2 bad input (config, arguments, output folder), reported in one line before Spark starts.
 */
@Command(name = "sharpsweep", mixinStandardHelpOptions = true, version = "sharpsweep 0.1.0",
        description = "Where does SGD land? Sharpness sweeps of linear and nonlinear networks on Spark, next to the "
                + "closed-form theory of arXiv 2602.05065.",
        subcommands = {PlanCommand.class, PredictCommand.class, RunCommand.class, StatusCommand.class,
            AnalyzeCommand.class, HelpCommand.class})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    public static final int OK = 0;
    public static final int RUN_FAILED = 1;
    public static final int BAD_INPUT = 2;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        QuietLogging.applyIfDefault();
        System.exit(execute(args));
    }

    /** Runs the command line on the process's standard streams and returns the exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with its output and errors going to {@code out} and {@code err} (tests call this). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof ConfigException || e instanceof UsageException
                || e instanceof Folder.LocationException || e instanceof CommandLine.ParameterException
                ? BAD_INPUT : RUN_FAILED);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter errors = commandLine.getErr();
            if (sharpsweep.driver.run.Interrupts.happened()) {
                return RUN_FAILED; // shutting down on a signal: the interrupt line said it all
            }
            if (e instanceof ConfigException || e instanceof UsageException || e instanceof Folder.LocationException) {
                errors.println("error: " + e.getMessage());
                return BAD_INPUT;
            }
            if (e instanceof Lease.HeldException) {
                errors.println("error: " + e.getMessage()); // another run is writing: not bad input, not our failure
                return RUN_FAILED;
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = String.valueOf(e.getMessage());
            errors.println("sharpsweep failed: " + (message.length() > 500 ? message.substring(0, 500) + " ..." : message));
            if (root != e) {
                errors.println("  cause: " + root);
            }
            if (System.getenv("SHARPSWEEP_DEBUG") != null) {
                e.printStackTrace(errors);
            }
            return RUN_FAILED;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
