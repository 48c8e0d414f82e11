package sharpsweep.driver.run;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Properties;
import org.apache.hadoop.fs.FileStatus;
import sharpsweep.driver.storage.Folder;
import sharpsweep.driver.table.ResultSchema;

/**
 * A result folder: the Parquet table's files at the top, and {@code _sharpsweep/} (invisible to
 * Parquet readers) with the sweep's identity ({@code sweep.properties}), the config that made it, the
 * expected task_ids ({@code tasks.txt}) for {@code status}, the lease of the run writing to it, and in
 * {@code history/} every config that wrote to the table, named by the time of its first run, and every
 * broken or taken-over lease. Every file here is written to a temporary name and moved into place, so a
 * reader never sees half a file. The folder may be on any Hadoop file system ({@link Folder}).
 */
public final class OutputFolder {
    public static final String META = "_sharpsweep";
    private final Folder dir;

    public OutputFolder(Folder dir) {
        this.dir = dir;
    }

    public Folder dir() {
        return dir;
    }

    public Folder meta() {
        return dir.resolve(META);
    }

    /**
     * Checks the folder can take this sweep: absent, empty, or a sharpsweep table of the same sweep
     * and schema version. Anything else is refused with a message.
     */
    public void checkCompatible(String sweep) throws IOException {
        if (!dir.exists()) {
            return;
        }
        if (!dir.isDirectory()) {
            throw new UsageException("--out " + dir + ": exists and is not a folder");
        }
        // What run writes inside the folder must stay inside it: no writing through a planted link.
        for (String inner : List.of(META, "_temporary")) {
            if (dir.isSymbolicLink(inner)) {
                throw new UsageException("--out " + dir + ": " + inner + " is a symbolic link; refusing to write"
                        + " outside the folder");
            }
        }
        if (!meta().exists("sweep.properties")) {
            List<FileStatus> present = dir.list().stream().filter(f -> !f.getPath().getName().equals(META)).toList();
            if (!present.isEmpty()) {
                throw new UsageException("--out " + dir + ": holds something else (" + present.get(0).getPath().getName()
                        + (present.size() > 1 ? ", ..." : "") + "), not a sharpsweep table; choose an empty or new folder");
            }
            return;
        }
        Properties p = properties();
        if (!sweep.equals(p.getProperty("sweep"))) {
            throw new UsageException("--out " + dir + ": holds sweep '" + p.getProperty("sweep") + "', not '" + sweep
                    + "'; refusing to mix two sweeps in one table");
        }
        String version = Integer.toString(ResultSchema.SCHEMA_VERSION);
        if (!version.equals(p.getProperty("schema_version"))) {
            throw new UsageException("--out " + dir + ": table has schema_version " + p.getProperty("schema_version")
                    + " but this sharpsweep writes " + version + "; use a new folder");
        }
    }

    /** Whether the folder records the tasks of a grid already. */
    public boolean hasExpectations() throws IOException {
        return meta().exists("tasks.txt") && meta().exists("sweep.properties");
    }

    /** Records the sweep's identity, its config (and, when it changed, a copy in the history) and the expected task_ids. */
    public void writeMeta(String sweep, String kernelVersion, String configText, List<String> taskIds) throws IOException {
        if (!meta().exists("config.yaml") || !meta().read("config.yaml").equals(configText)) {
            meta().resolve("history").writeAtomically(stamp() + "-config.yaml", configText);
        }
        Properties p = new Properties();
        p.setProperty("sweep", sweep);
        p.setProperty("schema_version", Integer.toString(ResultSchema.SCHEMA_VERSION));
        p.setProperty("kernel_version", kernelVersion);
        StringWriter props = new StringWriter();
        p.store(props, "sharpsweep result folder");
        meta().writeAtomically("sweep.properties", props.toString());
        meta().writeAtomically("config.yaml", configText);
        StringBuilder ids = new StringBuilder(taskIds.size() * 40);
        for (String id : taskIds) {
            ids.append(id).append('\n');
        }
        meta().writeAtomically("tasks.txt", ids.toString());
    }

    /** A UTC time stamp for history file names, to the millisecond (sorts by time). */
    static String stamp() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
    }

    public Properties properties() throws IOException {
        if (!meta().exists("sweep.properties")) {
            throw new UsageException(dir + ": not a sharpsweep result folder (no " + META + "/sweep.properties)");
        }
        Properties p = new Properties();
        p.load(new StringReader(meta().read("sweep.properties")));
        return p;
    }

    public List<String> expectedTaskIds() throws IOException {
        if (!meta().exists("tasks.txt")) {
            throw new UsageException(dir + ": no " + META + "/tasks.txt");
        }
        return meta().read("tasks.txt").lines().filter(s -> !s.isBlank()).toList();
    }

    /** The folder's last config, or "" when it has none. */
    public String lastConfig() throws IOException {
        return meta().exists("config.yaml") ? meta().read("config.yaml") : "";
    }
}
