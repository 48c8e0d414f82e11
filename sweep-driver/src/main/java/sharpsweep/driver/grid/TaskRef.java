package sharpsweep.driver.grid;

import java.io.Serializable;

/**
 * One task: a grid point and a replicate, with its identity (docs/DESIGN.md §4) and its expected cost in
 * seconds (for longest-first scheduling and the plan).
 */
public record TaskRef(GridPoint point, String pointKey, int replicate, long seed, String taskId, double cost)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
