package sharpsweep.driver.run;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.TaskContext;
import sharpsweep.driver.grid.TaskRef;

/**
 * Test-only faults, switched on by the system property {@value #PROPERTY} on the driver and shipped
 * to executors inside the task closure; absent (the default) it does nothing. The value is a list
 * {@code ACTION@REGEX;…}, the regex matched against {@code point_key#replicate}:
 * <ul>
 *   <li>{@code throw}: the task throws (it must end as a FAILED row);</li>
 *   <li>{@code sleepN}: the task sleeps N ms first (slow tasks, for kills mid-sweep);</li>
 *   <li>{@code sleepFirstN}: only the first attempt sleeps (a straggler for speculation).</li>
 * </ul>
 * docs/RELIABILITY.md lists the tests that use it.
 */
final class FaultInjection implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String PROPERTY = "sharpsweep.test.inject";

    private record Rule(String action, long millis, Pattern target) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final List<Rule> rules;

    private FaultInjection(List<Rule> rules) {
        this.rules = rules;
    }

    /** The faults the property asks for; none without it. */
    static FaultInjection fromSystemProperty() {
        String spec = System.getProperty(PROPERTY, "").trim();
        List<Rule> rules = new ArrayList<>();
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int at = part.indexOf('@');
            if (at < 0) {
                throw new IllegalArgumentException(PROPERTY + " = " + spec + ": each fault is ACTION@REGEX");
            }
            String action = part.substring(0, at).trim();
            Pattern target = Pattern.compile(part.substring(at + 1).trim());
            if (action.equals("throw")) {
                rules.add(new Rule("throw", 0, target));
            } else if (action.startsWith("sleepFirst")) {
                rules.add(new Rule("sleepFirst", Long.parseLong(action.substring(10)), target));
            } else if (action.startsWith("sleep")) {
                rules.add(new Rule("sleep", Long.parseLong(action.substring(5)), target));
            } else {
                throw new IllegalArgumentException(PROPERTY + " = " + spec + ": unknown action " + action);
            }
        }
        return new FaultInjection(List.copyOf(rules));
    }

    /** Applies the faults that match this task: sleeps, then throws if asked to. */
    void apply(TaskRef task) {
        if (rules.isEmpty()) {
            return;
        }
        String name = task.pointKey() + "#" + task.replicate();
        for (Rule r : rules) {
            if (!r.target().matcher(name).find()) {
                continue;
            }
            TaskContext context = TaskContext.get();
            boolean firstAttempt = context == null || context.attemptNumber() == 0; // retries and speculative copies count up
            if (r.action().equals("sleep") || r.action().equals("sleepFirst") && firstAttempt) {
                try {
                    Thread.sleep(r.millis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // a killed or cancelled attempt: stop sleeping
                }
            } else if (r.action().equals("throw")) {
                throw new IllegalStateException("injected fault (" + PROPERTY + ") in " + name);
            }
        }
    }
}
