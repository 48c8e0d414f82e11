package sharpsweep.driver.table;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes Spark {@link Row}s of a {@link StructType} to Parquet exactly as Spark's own Parquet writer lays
 * them out: the schema from Spark's converter, lists in the standard three-level form
 * ({@code list}/{@code element}), and the Spark schema in the footer, so Spark, pyarrow, polars and DuckDB
 * read the same types as from a file Spark wrote. Types: the ones {@link ResultSchema} uses (string, int,
 * long, double, arrays of them or of structs, structs).
 */
final class RowWriteSupport extends WriteSupport<Row> {
    /** The footer keys Spark's writer sets; Spark reads the row schema back from the second. */
    private static final String SPARK_VERSION = "org.apache.spark.version";
    private static final String SPARK_ROW_SCHEMA = "org.apache.spark.sql.parquet.row.metadata";

    private final StructType schema;
    private RecordConsumer consumer;

    RowWriteSupport(StructType schema) {
        this.schema = schema;
    }

    /** parquet-hadoop 1.15's abstract form is the deprecated Hadoop-Configuration one: there is no other to implement. */
    @Override
    @SuppressWarnings("deprecation")
    public WriteContext init(Configuration configuration) {
        // Spark's default layout (standard lists, no field ids); the timestamp type is moot, no column has one.
        // Not from SQLConf.get(): on the driver that builds the session's SQL state, ~1 s the first time.
        MessageType parquetSchema = new SparkToParquetSchemaConverter(false,
                SQLConf.ParquetOutputTimestampType$.MODULE$.INT96(), false).convert(schema);
        Map<String, String> footer = new HashMap<>();
        footer.put(SPARK_VERSION, org.apache.spark.package$.MODULE$.SPARK_VERSION_SHORT());
        footer.put(SPARK_ROW_SCHEMA, schema.json());
        return new WriteContext(parquetSchema, footer);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Row row) {
        consumer.startMessage();
        writeFields(schema, row);
        consumer.endMessage();
    }

    /** A null field is left out, as Parquet encodes an optional value that is absent. */
    private void writeFields(StructType struct, Row row) {
        StructField[] fields = struct.fields();
        for (int i = 0; i < fields.length; i++) {
            Object value = row.get(i);
            if (value != null) {
                consumer.startField(fields[i].name(), i);
                writeValue(fields[i].dataType(), value);
                consumer.endField(fields[i].name(), i);
            }
        }
    }

    private void writeValue(DataType type, Object value) {
        if (type == DataTypes.StringType) {
            consumer.addBinary(Binary.fromString((String) value));
        } else if (type == DataTypes.IntegerType) {
            consumer.addInteger((Integer) value);
        } else if (type == DataTypes.LongType) {
            consumer.addLong((Long) value);
        } else if (type == DataTypes.DoubleType) {
            consumer.addDouble((Double) value);
        } else if (type instanceof StructType struct) {
            consumer.startGroup();
            writeFields(struct, (Row) value);
            consumer.endGroup();
        } else if (type instanceof ArrayType array) {
            writeList(array.elementType(), elements(value));
        } else {
            throw new IllegalArgumentException("no Parquet writer for column type " + type.simpleString());
        }
    }

    /** Spark's standard list: group (LIST) { repeated group list { element } }; an empty list has no repeats. */
    private void writeList(DataType elementType, List<?> elements) {
        consumer.startGroup();
        if (!elements.isEmpty()) {
            consumer.startField("list", 0);
            for (Object e : elements) {
                consumer.startGroup();
                if (e != null) {
                    consumer.startField("element", 0);
                    writeValue(elementType, e);
                    consumer.endField("element", 0);
                }
                consumer.endGroup();
            }
            consumer.endField("list", 0);
        }
        consumer.endGroup();
    }

    /** The row's arrays: JVM arrays of objects or of doubles, what {@link ResultSchema} builds. */
    private static List<?> elements(Object value) {
        if (value instanceof double[] d) {
            return java.util.Arrays.stream(d).boxed().toList();
        }
        if (value instanceof Object[] o) {
            return java.util.Arrays.asList(o);
        }
        throw new IllegalArgumentException("not an array value: " + value.getClass().getName());
    }
}
