package sharpsweep.driver.table;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sharpsweep.driver.storage.Folder;

/**
 * One Parquet data file of the result table, written by the driver: the rows are encoded in memory (a wave's
 * rows are kilobytes to a few megabytes) and the file appears in the folder in one atomic rename
 * ({@link Folder#writeAtomically}), so a reader never sees a partial file. Named as Spark names its part
 * files, snappy-compressed as Spark's default.
 */
public final class ResultFile {
    /** How a data file's name starts, as Spark names its part files. */
    private static final String PREFIX = "part-";

    private ResultFile() {
    }

    /** Writes {@code rows} of {@link ResultSchema#SCHEMA} as a new data file of {@code dir}; returns its name. */
    public static String write(Folder dir, List<Row> rows) throws IOException {
        String name = PREFIX + "00000-" + UUID.randomUUID() + "-c000.snappy.parquet";
        dir.writeAtomically(name, encode(rows));
        return name;
    }

    /** The hidden files of {@code dir} that a write killed before its rename left behind. */
    public static List<String> unfinished(Folder dir) throws IOException {
        return dir.unfinishedWrites(PREFIX);
    }

    /**
     * Encodes a placeholder row, to load and compile the writer's classes (~1 s of CPU the first time, measured
     * in docs/BENCHMARKS.md) before the first wave ends; a failure here is left to the real write to report.
     */
    public static void warmUp() {
        try {
            encode(List.of(placeholder(ResultSchema.SCHEMA)));
        } catch (IOException | RuntimeException e) {
            // nothing to do: the first real write meets the same failure and reports it
        }
    }

    /** A row of {@code schema} with every field set: zeros, empty strings, one-element arrays. */
    static Row placeholder(StructType schema) {
        return RowFactory.create(java.util.Arrays.stream(schema.fields()).map(f -> placeholder(f.dataType())).toArray());
    }

    private static Object placeholder(DataType type) {
        if (type instanceof StructType struct) {
            return placeholder(struct);
        }
        if (type instanceof ArrayType array) {
            return new Object[] {placeholder(array.elementType())};
        }
        if (type == DataTypes.StringType) {
            return "";
        }
        if (type == DataTypes.IntegerType) {
            return 0;
        }
        if (type == DataTypes.LongType) {
            return 0L;
        }
        return 0.0;
    }

    private static byte[] encode(List<Row> rows) throws IOException {
        Bytes file = new Bytes();
        try (ParquetWriter<Row> writer = new Builder(file).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withConf(new Configuration(false)).build()) {
            for (Row r : rows) {
                writer.write(r);
            }
        }
        return file.buffer.toByteArray();
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The abstract form in parquet-hadoop 1.15 is the deprecated Hadoop-Configuration one: nothing else to implement. */
        @Override
        @SuppressWarnings("deprecation")
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(ResultSchema.SCHEMA);
        }
    }

    /** An in-memory Parquet output file. */
    private static final class Bytes implements OutputFile {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return createOrOverwrite(blockSizeHint);
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            buffer.reset();
            return new DelegatingPositionOutputStream(buffer) {
                @Override
                public long getPos() {
                    return buffer.size();
                }
            };
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
