package sharpsweep.driver.run;

import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import sharpsweep.driver.grid.TaskRef;
import sharpsweep.driver.table.ResultRows;
import sharpsweep.kernel.sgd.Kernel;
import sharpsweep.kernel.spec.Status;
import sharpsweep.kernel.spec.TaskResult;

/** Runs on an executor: one task through the kernel, into one row. Whatever happens, a row comes out. */
final class RunTask implements Function<TaskRef, Row> {
    private static final long serialVersionUID = 1L;
    private final String sweep;
    private final Map<Status, LongAccumulator> counters;
    private final FaultInjection faults;

    RunTask(String sweep, Map<Status, LongAccumulator> counters, FaultInjection faults) {
        this.sweep = sweep;
        this.counters = new EnumMap<>(counters);
        this.faults = faults;
    }

    @Override
    public Row call(TaskRef task) {
        TaskResult result;
        long start = System.nanoTime();
        try {
            faults.apply(task);
            result = Kernel.run(task.point().taskSpec(task.seed()));
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            result = TaskResult.failed(e, (System.nanoTime() - start) * 1e-9);
        }
        counters.get(result.status()).add(1);
        return ResultRows.of(sweep, task, result);
    }
}
