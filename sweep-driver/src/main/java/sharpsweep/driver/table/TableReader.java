package sharpsweep.driver.table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import sharpsweep.driver.storage.Folder;

/**
 * Reads a result folder's task_id and status columns with parquet-hadoop directly (no SparkSession):
 * what {@code status} and resume need, in about a second, on any Hadoop file system. Files whose name
 * starts with '_' or '.' are not part of the table (Spark, DuckDB and pyarrow skip them too).
 */
public final class TableReader {
    /**
     * The two columns read, taken as the file declares them (required when written from a wave,
     * optional when a Spark rewrite made them nullable): a projection must match the file's repetition,
     * or the reader misaligns values.
     */
    private static final List<String> COLUMNS = List.of("task_id", "status");

    private TableReader() {
    }

    /** The table's data files: the top-level {@code *.parquet} files of {@code dir}, by name. */
    public static List<String> dataFiles(Folder dir) throws IOException {
        return dir.list().stream().filter(FileStatus::isFile).map(f -> f.getPath().getName())
                .filter(n -> !n.startsWith("_") && !n.startsWith(".") && n.endsWith(".parquet")).toList();
    }

    /** The same for a folder on the local disk. */
    public static List<Path> dataFiles(Path dir) throws IOException {
        return dataFiles(Folder.of(dir)).stream().map(dir::resolve).toList();
    }

    public static TableScan scan(Path dir) throws IOException {
        return scan(Folder.of(dir));
    }

    public static TableScan scan(Folder dir) throws IOException {
        Map<String, String> status = new HashMap<>();
        Map<String, String> fileOf = new HashMap<>();
        List<String> corrupt = new ArrayList<>();
        List<String> files = new ArrayList<>();
        long rows = 0;
        long duplicated = 0;
        for (String file : dataFiles(dir)) {
            Map<String, String> local = new HashMap<>();
            long localRows = 0;
            try (ParquetFileReader reader = ParquetFileReader.open(dir.inputFile(file))) {
                MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
                MessageType projection = new MessageType("result",
                        COLUMNS.stream().map(c -> (Type) fileSchema.getType(c)).toList());
                reader.setRequestedSchema(projection);
                MessageColumnIO io = new ColumnIOFactory().getColumnIO(projection);
                PageReadStore pages;
                while ((pages = reader.readNextRowGroup()) != null) {
                    RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(projection));
                    for (long i = 0; i < pages.getRowCount(); i++) {
                        Group g = records.read();
                        local.merge(g.getString("task_id", 0), g.getString("status", 0), (a, b) -> b);
                        localRows++;
                    }
                }
            } catch (IOException | RuntimeException e) {
                corrupt.add(file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                continue;
            }
            files.add(file);
            duplicated += localRows - local.size();
            for (Map.Entry<String, String> e : local.entrySet()) {
                if (status.put(e.getKey(), e.getValue()) != null) {
                    duplicated++;
                }
                fileOf.put(e.getKey(), file);
            }
            rows += localRows;
        }
        return new TableScan(status, rows, duplicated, fileOf, files, corrupt);
    }
}
