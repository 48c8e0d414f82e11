package sharpsweep.driver.run;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import sharpsweep.driver.table.ResultSchema;

/**
 * A result folder: the Parquet table's files at the top, and {@code _sharpsweep/} (invisible to
 * Parquet readers) with the sweep's identity ({@code sweep.properties}), the config that made it, the
 * expected task_ids ({@code tasks.txt}) for {@code status}, and in {@code history/} every config that wrote
 * to the table, named by the time of its first run. Every file here is written to a
 * temporary name and moved into place, so a reader never sees half a file.
 */
public final class OutputFolder {
    public static final String META = "_sharpsweep";
    private final Path dir;

    public OutputFolder(Path dir) {
        this.dir = dir;
    }

    public Path meta() {
        return dir.resolve(META);
    }

    /**
     * Checks the folder can take this sweep: absent, empty, or a sharpsweep table of the same sweep
     * and schema version. Anything else is refused with a message.
     */
    public void checkCompatible(String sweep) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--out " + dir + ": exists and is not a folder");
        }
        // What run writes inside the folder must stay inside it: no writing through a planted link.
        for (String inner : List.of(META, "_temporary")) {
            if (Files.isSymbolicLink(dir.resolve(inner))) {
                throw new UsageException("--out " + dir + ": " + inner + " is a symbolic link (to "
                        + Files.readSymbolicLink(dir.resolve(inner)) + "); refusing to write outside the folder");
            }
        }
        Path props = meta().resolve("sweep.properties");
        if (!Files.exists(props)) {
            try (Stream<Path> s = Files.list(dir)) {
                List<Path> present = s.limit(3).toList();
                if (!present.isEmpty()) {
                    throw new UsageException("--out " + dir + ": holds something else (" + present.get(0).getFileName()
                            + (present.size() > 1 ? ", ..." : "") + "), not a sharpsweep table; choose an empty or new folder");
                }
            }
            return;
        }
        Properties p = readProperties(props);
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
    public boolean hasExpectations() {
        return Files.exists(meta().resolve("tasks.txt")) && Files.exists(meta().resolve("sweep.properties"));
    }

    /** Records the sweep's identity, its config (and, when it changed, a copy in the history) and the expected task_ids. */
    public void writeMeta(String sweep, String kernelVersion, Path config, List<String> taskIds) throws IOException {
        Files.createDirectories(meta());
        String text = Files.readString(config);
        Path current = meta().resolve("config.yaml");
        if (!Files.exists(current) || !Files.readString(current).equals(text)) {
            Path history = meta().resolve("history");
            Files.createDirectories(history);
            String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
            writeAtomically(history.resolve(stamp + "-config.yaml"), w -> w.write(text));
        }
        Properties p = new Properties();
        p.setProperty("sweep", sweep);
        p.setProperty("schema_version", Integer.toString(ResultSchema.SCHEMA_VERSION));
        p.setProperty("kernel_version", kernelVersion);
        writeAtomically(meta().resolve("sweep.properties"), w -> p.store(w, "sharpsweep result folder"));
        writeAtomically(current, w -> w.write(text));
        writeAtomically(meta().resolve("tasks.txt"), w -> {
            for (String id : taskIds) {
                w.write(id);
                w.write('\n');
            }
        });
    }

    public Properties properties() throws IOException {
        Path props = meta().resolve("sweep.properties");
        if (!Files.exists(props)) {
            throw new UsageException(dir + ": not a sharpsweep result folder (no " + META + "/sweep.properties)");
        }
        return readProperties(props);
    }

    public List<String> expectedTaskIds() throws IOException {
        Path tasks = meta().resolve("tasks.txt");
        if (!Files.exists(tasks)) {
            throw new UsageException(dir + ": no " + META + "/tasks.txt");
        }
        return Files.readAllLines(tasks, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).toList();
    }

    private static Properties readProperties(Path path) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    interface WriterAction {
        void write(Writer w) throws IOException;
    }

    static void writeAtomically(Path target, WriterAction action) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            action.write(w);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
