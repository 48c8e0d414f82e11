package sharpsweep.driver.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sharpsweep.driver.config.ConfigException;
import sharpsweep.driver.run.UsageException;

/**
 * {@code sharpsweep}: plan, predict, run and inspect sweeps. Exit codes: 0 ok, 1 the run failed,
 * 2 bad input (config, arguments, output folder), reported in one line before Spark starts.
 */
@Command(name = "sharpsweep", mixinStandardHelpOptions = true, version = "sharpsweep 0.1.0",
        description = "Where does SGD land? Sharpness sweeps of deep linear networks.",
        subcommands = {PlanCommand.class, PredictCommand.class, RunCommand.class, StatusCommand.class,
            AnalyzeCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int RUN_FAILED = 1;
    public static final int BAD_INPUT = 2;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExitCodeExceptionMapper(e -> e instanceof ConfigException || e instanceof UsageException
                || e instanceof CommandLine.ParameterException ? BAD_INPUT : RUN_FAILED);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof ConfigException || e instanceof UsageException) {
                err.println("error: " + e.getMessage());
                return BAD_INPUT;
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String message = String.valueOf(e.getMessage());
            err.println("sharpsweep failed: " + (message.length() > 500 ? message.substring(0, 500) + " ..." : message));
            if (root != e) {
                err.println("  cause: " + root);
            }
            if (System.getenv("SHARPSWEEP_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return RUN_FAILED;
        });
        return cli.execute(args);
    }
}
