package sharpsweep.driver.cli;

import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import java.io.PrintWriter;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import sharpsweep.driver.run.OutputFolder;
import sharpsweep.driver.storage.Folder;
import sharpsweep.driver.table.TableReader;
import sharpsweep.driver.table.TableScan;
import sharpsweep.kernel.spec.Status;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Expected, present, per-status, missing and duplicated tasks of a result folder (no Spark).")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "result folder: a path or any Hadoop file system URI")
    String dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        OutputFolder folder = new OutputFolder(Folder.of(dir));
        String sweep = folder.properties().getProperty("sweep");
        List<String> expected = folder.expectedTaskIds();
        TableScan scan = TableReader.scan(folder.dir());
        Map<String, Long> counts = new HashMap<>();
        long present = 0;
        for (String id : expected) {
            String s = scan.statusByTask().get(id);
            if (s != null) {
                present++;
                counts.merge(s, 1L, Long::sum);
            }
        }
        long extra = scan.statusByTask().size() - present;
        out.printf("sweep '%s' in %s%n", sweep, dir);
        out.printf("  %-12s %8d%n", "expected", expected.size());
        out.printf("  %-12s %8d%n", "present", present);
        for (Status s : Status.values()) {
            out.printf("  %-12s %8d%n", s.name().toLowerCase().replace('_', '-'), counts.getOrDefault(s.name(), 0L));
        }
        out.printf("  %-12s %8d%n", "missing", expected.size() - present);
        out.printf("  %-12s %8d%n", "duplicated", scan.duplicated());
        if (extra > 0) {
            out.printf("  %-12s %8d  (rows of task_ids the current config does not expect)%n", "other", extra);
        }
        out.printf("  %-12s %8d  (%d rows)%n", "files", scan.files().size(), scan.rows());
        for (String bad : scan.corrupt()) {
            out.println("  CORRUPT     " + bad);
        }
        return scan.corrupt().isEmpty() ? Main.OK : Main.RUN_FAILED;
    }
}
