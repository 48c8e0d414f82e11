package sharpsweep.driver.run;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * A listener (spark.extraListeners) that counts what the fault tests provoke, as evidence that it
 * happened: speculative task attempts and executors lost.
 */
public final class FaultListener extends SparkListener {
    static final AtomicInteger SPECULATIVE = new AtomicInteger();
    static final AtomicInteger EXECUTORS_REMOVED = new AtomicInteger();

    @Override
    public void onTaskStart(SparkListenerTaskStart start) {
        if (start.taskInfo().speculative()) {
            SPECULATIVE.incrementAndGet();
        }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        EXECUTORS_REMOVED.incrementAndGet();
    }
}
