package sharpsweep.driver.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import sharpsweep.driver.storage.Folder;

/**
 * One table holds one grid. A config may grow the grid a folder holds (more points, replicates, learning
 * rates …: every task the folder expects is still there) but not change it: a run whose tasks leave out
 * any task the folder already expects is refused, naming what changed, before anything is written.
 */
final class ConfigChange {
    private ConfigChange() {
    }

    /**
     * Refuses (exit 2) a config whose tasks do not include every task the folder expects.
     *
     * @param expected      the task_ids the folder expects (its last config's)
     * @param tasks         the task_ids of the config about to run
     * @param oldConfig     the folder's last config, as written
     * @param newConfig     the config about to run
     * @param oldKernel     the kernel version that wrote the folder's expectations
     * @param newKernel     this kernel's version
     */
    static void check(Folder dir, Collection<String> expected, Collection<String> tasks, String oldConfig, String newConfig,
                      String oldKernel, String newKernel) {
        Set<String> now = new HashSet<>(tasks);
        long dropped = expected.stream().filter(id -> !now.contains(id)).count();
        if (dropped == 0) {
            return;
        }
        List<String> changes = new ArrayList<>();
        if (!newKernel.equals(oldKernel)) {
            changes.add("kernel version " + oldKernel + " -> " + newKernel);
        }
        changes.addAll(changedKeys(oldConfig, newConfig));
        throw new UsageException("--out " + dir + ": this config leaves out " + dropped + " of the " + expected.size()
                + " tasks the folder holds the grid of (" + (changes.isEmpty() ? "a smaller --scale?" : String.join("; ",
                changes)) + "); one table holds one grid: use a new --out, or run the folder's own config ("
                + OutputFolder.META + "/config.yaml)");
    }

    /** The top-level keys whose values differ, as "key: old -> new" (values shortened). */
    static List<String> changedKeys(String oldConfig, String newConfig) {
        JsonNode before;
        JsonNode after;
        try {
            YAMLMapper yaml = new YAMLMapper();
            before = yaml.readTree(oldConfig);
            after = yaml.readTree(newConfig);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        if (before == null || after == null || !before.isObject() || !after.isObject()) {
            return List.of();
        }
        Set<String> keys = new TreeSet<>();
        for (Iterator<String> it = before.fieldNames(); it.hasNext();) {
            keys.add(it.next());
        }
        for (Iterator<String> it = after.fieldNames(); it.hasNext();) {
            keys.add(it.next());
        }
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            JsonNode a = before.get(k);
            JsonNode b = after.get(k);
            if (a == null || !a.equals(b)) {
                out.add(k + ": " + shown(a) + " -> " + shown(b));
            }
        }
        return out;
    }

    private static String shown(JsonNode n) {
        if (n == null) {
            return "(absent)";
        }
        String s = (n.isTextual() ? n.textValue() : n.toString()).replaceAll("\\s+", " ");
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
