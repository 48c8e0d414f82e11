package sharpsweep.driver.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sharpsweep.driver.config.ConfigReader;
import sharpsweep.driver.config.SweepConfig;

class GridTest {
    static final String BASE = """
            sweep: g
            d_x: 2
            d_y: 2
            depth: [2, 3]
            width: [2, 8]
            batch_size: [10, 20]
            learning_rate: [0.01, 0.005]
            noise:
              - {name: iso, spectrum: [1, 1]}
              - {name: k100, kappa: 100, shape: geometric}
              - {name: tilted, matrix: [[2.0, 0.3], [0.3, 0.5]]}
            replicates: 3
            max_steps: 2000000
            """;

    /** The same grid, keys and axis values in another order, numbers written differently. */
    static final String REORDERED = """
            max_steps: 2e6
            replicates: 3
            noise:
              - {shape: geometric, kappa: 1.0e2, name: k100}
              - {name: tilted, matrix: [[2, 0.30], [0.3, 0.500]]}
              - {spectrum: [1.0, 1], name: iso}
            learning_rate: [5e-3, 0.010]
            batch_size: [20, 10]
            width: [8, 2]
            depth: [3, 2]
            d_y: 2
            d_x: 2
            sweep: g
            """;

    static SweepConfig parse(String yaml) {
        return ConfigReader.parse(yaml, "test.yaml");
    }

    @Test
    void countsTheCartesianProduct() {
        SweepConfig c = parse(BASE);
        assertEquals(2 * 2 * 2 * 2 * 3, Grid.size(c));
        assertEquals(Grid.size(c), Grid.points(c).size());
        assertEquals(Grid.size(c) * 3, Grid.tasks(c, new CostModel()).size());
    }

    @Test
    void zipGroupsMoveTogether() {
        SweepConfig c = parse(BASE + "zip: [[batch_size, learning_rate]]\n");
        assertEquals(2 * 2 * 2 * 3, Grid.size(c));
        Set<String> pairs = new HashSet<>();
        for (GridPoint p : Grid.points(c)) {
            pairs.add(p.batchSize() + "/" + p.learningRate().text());
        }
        assertEquals(Set.of("10/0.01", "20/0.005"), pairs);

        SweepConfig three = parse(BASE.replace("noise:", "zip: [[depth, width, batch_size]]\nnoise:"));
        assertEquals(2 * 2 * 3, Grid.size(three));
    }

    @Test
    void keysAndSeedsDoNotDependOnOrderOrSpelling() {
        Map<String, Long> a = seeds(parse(BASE));
        Map<String, Long> b = seeds(parse(REORDERED));
        assertEquals(a, b);
        assertEquals(Grid.size(parse(BASE)) * 3, a.size(), "task ids are distinct");
    }

    @Test
    void keysAndSeedsDoNotDependOnOtherPoints() {
        Map<String, Long> a = seeds(parse(BASE));
        String more = BASE.replace("width: [2, 8]", "width: [2, 8, 32]")
                .replace("noise:\n", "noise:\n  - {name: k10, kappa: 10}\n");
        Map<String, Long> b = seeds(parse(more));
        for (Map.Entry<String, Long> e : a.entrySet()) {
            assertEquals(e.getValue(), b.get(e.getKey()), "task " + e.getKey());
        }
        assertEquals(2 * 3 * 2 * 2 * 4 * 3, b.size(), "the grid grew by the new points");
    }

    @Test
    void everyParameterChangesTheKey() {
        String key = Grid.points(parse(BASE)).get(0).key();
        List<String> variants = List.of(
                BASE.replace("max_steps: 2000000", "max_steps: 2000001"),
                BASE.replace("sweep: g\n", "sweep: g\ntrajectory_length: 10\n"),
                BASE.replace("sweep: g\n", "sweep: g\nconvergence: {trace_tol: 0.001}\n"),
                BASE.replace("sweep: g\n", "sweep: g\ninit: [kaiming]\n"),
                BASE.replace("sweep: g\n", "sweep: g\nteacher: [{random: {seed: 1}}]\n"),
                BASE.replace("sweep: g\n", "sweep: g\ninput: [{name: iso, spectrum: [1, 2]}]\n"),
                BASE.replace("{name: iso, spectrum: [1, 1]}", "{name: iso, spectrum: [1, 1], scale: 2}"));
        for (String v : variants) {
            assertNotEquals(key, Grid.points(parse(v)).get(0).key(), v);
        }
        // ... but not the sweep's name: the same run in another sweep is the same task.
        assertEquals(key, Grid.points(parse(BASE.replace("sweep: g", "sweep: other"))).get(0).key());
    }

    @Test
    void taskIdsChangeWithTheKernelVersionButSeedsDoNot() {
        String key = Grid.points(parse(BASE)).get(0).key();
        assertNotEquals(TaskIdentity.taskId(key, 0, "1"), TaskIdentity.taskId(key, 0, "2"));
        assertNotEquals(TaskIdentity.taskId(key, 0, "1"), TaskIdentity.taskId(key, 1, "1"));
        assertNotEquals(TaskIdentity.seed(key, 0), TaskIdentity.seed(key, 1));
        assertEquals(32, TaskIdentity.taskId(key, 0, "1").length());
    }

    @Test
    void theDefaultInputIsTheIsotropicSpectrumWrittenOut() {
        String implicit = Grid.points(parse(BASE)).get(0).key();
        String explicit = Grid.points(parse(BASE.replace("sweep: g\n", "sweep: g\ninput: [{name: iso, spectrum: [1, 1]}]\n")))
                .get(0).key();
        assertEquals(implicit, explicit);
        assertTrue(implicit.contains("\"learning_rate\":0.01"), implicit);
    }

    @Test
    void nonlinearPointsIgnoreDepthAndTeacherAndLinearKeysDoNotChange() {
        String withModels = BASE + "model: [linear, {name: mlp, teacher_width: 8}]\nteacher: [identity, {random: {seed: 1}}]\n";
        List<GridPoint> points = Grid.points(parse(withModels));
        long linear = points.stream().filter(p -> p.model().isLinear()).count();
        long mlp = points.size() - linear;
        assertEquals(2 * 2 * 2 * 2 * 3 * 2, linear); // depth × width × b × η × noise × teacher
        assertEquals(2 * 2 * 2 * 3, mlp); // width × b × η × noise: depth and teacher do not apply
        assertEquals(points.size(), points.stream().map(GridPoint::key).distinct().count());
        assertTrue(points.stream().filter(p -> !p.model().isLinear())
                .allMatch(p -> p.key().contains("\"model\":{") && !p.key().contains("\"depth\"")));
        // Without a model axis, or with model: [linear], a linear point keeps its key (and task_id).
        Set<String> before = new HashSet<>(Grid.points(parse(BASE)).stream().map(GridPoint::key).toList());
        Set<String> after = new HashSet<>(Grid.points(parse(BASE + "model: [linear]\n")).stream().map(GridPoint::key)
                .toList());
        assertEquals(before, after);
    }

    private static Map<String, Long> seeds(SweepConfig c) {
        Map<String, Long> m = new HashMap<>();
        for (TaskRef t : Grid.tasks(c, new CostModel())) {
            m.put(t.taskId(), t.seed());
        }
        return m;
    }
}
