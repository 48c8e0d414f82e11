package sharpsweep.driver.table;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import sharpsweep.driver.grid.TaskRef;
import sharpsweep.kernel.spec.TaskResult;

/** A task and its kernel result as one row of {@link ResultSchema#SCHEMA}, column by column. */
public final class ResultRows {
    private ResultRows() {
    }

    public static Row of(String sweep, TaskRef task, TaskResult r) {
        ResultSchema.Source source = new ResultSchema.Source(sweep, task, task.point(), r);
        return RowFactory.create(ResultSchema.COLUMNS.stream().map(c -> c.value().apply(source)).toArray());
    }
}
