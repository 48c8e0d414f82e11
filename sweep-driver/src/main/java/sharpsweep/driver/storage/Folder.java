package sharpsweep.driver.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;

/**
 * A folder on any Hadoop file system ({@code hdfs://}, {@code file://}, {@code s3a://} …; a path without a
 * scheme is on Hadoop's default file system, as it is for Spark: the local disk unless the Hadoop
 * configuration says otherwise). Every folder operation of sharpsweep goes through here, so a result
 * table on HDFS behaves as one on a laptop's disk:
 * <ul>
 *   <li>a file is written under a hidden temporary name and renamed into place, so a reader never sees
 *       half a file; replacing is atomic on the local disk (rename(2)) and on HDFS (rename with
 *       OVERWRITE); on object stores it is a copy, as for every Hadoop client;</li>
 *   <li>{@link #createExclusive} is the one operation that fails when the file exists, atomically
 *       (O_EXCL on the local disk, create without overwrite at the HDFS NameNode): the lease's basis.</li>
 * </ul>
 * On the local disk the raw file system is used: no {@code .crc} sidecar per small file, as before.
 */
public final class Folder {
    private final FileSystem fs;
    private final Path path;
    /** As the user wrote it (plus any child names): what messages show. */
    private final String shown;

    private Folder(FileSystem fs, Path path, String shown) {
        this.fs = fs;
        this.path = path;
        this.shown = shown;
    }

    /** The folder at {@code location}: a path or a URI. */
    public static Folder of(String location) {
        try {
            Path p = new Path(location);
            FileSystem fs = p.getFileSystem(configuration());
            if (fs instanceof LocalFileSystem local) {
                fs = local.getRaw();
            }
            return new Folder(fs, fs.makeQualified(p), location);
        } catch (IOException | IllegalArgumentException e) {
            throw new LocationException(location + ": no Hadoop file system for it (" + e.getMessage()
                    + "); a path, file://, hdfs:// (or s3a:// with hadoop-aws on the class path)");
        }
    }

    /** A folder location no file system can take: bad input, said in one line. */
    public static final class LocationException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        LocationException(String message) {
            super(message);
        }
    }

    /** A folder on the local disk. */
    public static Folder of(java.nio.file.Path local) {
        // Not toUri(): Hadoop's Path would encode its escapes a second time.
        return of("file://" + local.toAbsolutePath()).shownAs(local.toString());
    }

    private Folder shownAs(String s) {
        return new Folder(fs, path, s);
    }

    /**
     * Hadoop's configuration as Spark's executors see it: the classpath's {@code core-site.xml} and
     * {@code hdfs-site.xml} (HADOOP_CONF_DIR under spark-submit) plus every {@code spark.hadoop.*} setting
     * (what Spark copies into its own Hadoop configuration), so the driver's folder operations reach the
     * same file system as Spark's writes.
     */
    public static Configuration configuration() {
        Configuration conf = new Configuration();
        for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
            String key = e.getKey().toString();
            if (key.startsWith("spark.hadoop.")) {
                conf.set(key.substring("spark.hadoop.".length()), e.getValue().toString());
            }
        }
        return conf;
    }

    public Folder resolve(String name) {
        return new Folder(fs, new Path(path, name), shown + "/" + name);
    }

    /** The folder beside this one whose name is this one's plus {@code suffix}, e.g. "results/x" → "results/x-analysis". */
    public Folder sibling(String suffix) {
        return new Folder(fs, new Path(path.getParent(), path.getName() + suffix), shown.replaceAll("/+$", "") + suffix);
    }

    /** The last component of the path. */
    public String name() {
        return path.getName();
    }

    /** The qualified URI, for Spark's readers and writers. */
    public String uri() {
        return path.toString();
    }

    /** Whether this is on the local disk (where Hadoop's local file system is used). */
    public boolean isLocal() {
        return fs instanceof RawLocalFileSystem;
    }

    @Override
    public String toString() {
        return shown;
    }

    public boolean exists() throws IOException {
        return fs.exists(path);
    }

    public boolean isDirectory() throws IOException {
        return fs.getFileStatus(path).isDirectory();
    }

    public boolean exists(String name) throws IOException {
        return fs.exists(new Path(path, name));
    }

    /** Whether {@code name} is a symbolic link (only the local disk has them in practice; HDFS's are off by default). */
    public boolean isSymbolicLink(String name) {
        return isLocal() && Files.isSymbolicLink(localFile(name));
    }

    /** The entries of this folder, sorted by name; none when it does not exist. */
    public List<FileStatus> list() throws IOException {
        try {
            List<FileStatus> out = new ArrayList<>(List.of(fs.listStatus(path)));
            out.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            return out;
        } catch (FileNotFoundException e) {
            return List.of();
        }
    }

    public String read(String name) throws IOException {
        try (InputStream in = fs.open(new Path(path, name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The modification time of {@code name}, in milliseconds since the epoch. */
    public long modified(String name) throws IOException {
        return fs.getFileStatus(new Path(path, name)).getModificationTime();
    }

    /** Sets the modification time of {@code name} (the lease's heartbeat). */
    public void touch(String name, long millis) throws IOException {
        fs.setTimes(new Path(path, name), millis, -1);
    }

    public void mkdirs() throws IOException {
        if (!fs.mkdirs(path)) {
            throw new IOException("cannot create folder " + shown);
        }
    }

    /** Writes {@code name} under a hidden temporary name, then renames it into place. */
    public void writeAtomically(String name, byte[] content) throws IOException {
        mkdirs();
        Path tmp = new Path(path, temporaryName(name));
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(content);
        }
        replace(tmp, name);
    }

    /**
     * The temporary files {@link #writeAtomically} left here for names starting with {@code prefix}: writes
     * killed before their rename.
     */
    public List<String> unfinishedWrites(String prefix) throws IOException {
        return list().stream().map(f -> f.getPath().getName())
                .filter(n -> n.startsWith("." + prefix) && n.endsWith(TEMPORARY_SUFFIX)).toList();
    }

    private static final String TEMPORARY_SUFFIX = ".tmp";

    private static String temporaryName(String name) {
        return "." + name + TEMPORARY_SUFFIX;
    }

    public void writeAtomically(String name, String text) throws IOException {
        writeAtomically(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates {@code name} with {@code content} only if it does not exist, atomically: false when it
     * exists. On the local disk the file is created with O_EXCL and then filled, so a reader may see it
     * empty for a moment (the lease reader takes an empty file as one being written).
     */
    public boolean createExclusive(String name, byte[] content) throws IOException {
        mkdirs();
        if (isLocal()) {
            // Hadoop's local create(overwrite = false) checks, then opens: not atomic. O_EXCL is.
            java.nio.file.Path file = localFile(name);
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            Files.write(file, content);
            return true;
        }
        try (OutputStream out = fs.create(new Path(path, name), false)) {
            out.write(content);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            // HDFS reports a create race from the NameNode as a RemoteException wrapping the same.
            if (exists(name)) {
                return false;
            }
            throw e;
        }
    }

    /** Moves {@code source} (a file of the same file system) onto {@code name} in one atomic step. */
    public void replace(Path source, String name) throws IOException {
        Path target = new Path(path, name);
        if (isLocal()) {
            // rename(2) replaces the target atomically; Hadoop's local rename calls it first.
            if (!fs.rename(source, target)) {
                throw new IOException("cannot rename " + source + " to " + target);
            }
            return;
        }
        FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(source, target, Options.Rename.OVERWRITE);
    }

    /** Renames {@code name} to {@code newName} in this folder; false when {@code name} is gone (someone else moved it). */
    public boolean renameIfPresent(String name, String newName) throws IOException {
        Path target = new Path(path, newName);
        if (fs.exists(target)) {
            throw new IOException("cannot rename " + name + ": " + newName + " exists in " + shown);
        }
        try {
            return fs.rename(new Path(path, name), target);
        } catch (FileNotFoundException e) {
            return false; // the local file system's fallback copy found no source
        }
    }

    /** Deletes this folder and everything in it; nothing when it does not exist. */
    public void delete() throws IOException {
        if (fs.exists(path) && !fs.delete(path, true)) {
            throw new IOException("cannot delete " + shown);
        }
    }

    public void delete(String name) throws IOException {
        resolve(name).delete();
    }

    /** A Parquet input file of this folder, for parquet-hadoop's readers. */
    public InputFile inputFile(String name) throws IOException {
        return HadoopInputFile.fromStatus(fs.getFileStatus(new Path(path, name)), fs.getConf());
    }

    /** The Hadoop path of {@code name} in this folder. */
    public Path path(String name) {
        return new Path(path, name);
    }

    private java.nio.file.Path localFile(String name) {
        return ((RawLocalFileSystem) fs).pathToFile(new Path(path, name)).toPath();
    }
}
