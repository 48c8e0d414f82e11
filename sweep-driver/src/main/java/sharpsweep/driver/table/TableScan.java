package sharpsweep.driver.table;

import java.util.List;
import java.util.Map;

/**
 * What a result folder holds, read from the Parquet footers and two columns.
 *
 * @param statusByTask  each task_id's status (the last seen when a task_id is duplicated)
 * @param rows          rows in all readable files
 * @param duplicated    rows whose task_id appeared before
 * @param filesByTask   for each task_id, the file that holds it (the last seen)
 * @param corrupt       files that could not be read, with the reason
 */
public record TableScan(Map<String, String> statusByTask, long rows, long duplicated,
                        Map<String, String> filesByTask, List<String> files, List<String> corrupt) {
}
