package io.lakesink.connect;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * A connector's LakeSink metrics over JMX, summed over its tasks (only the coordinator's count commits, checks and
 * merges), for tests whose workers run in this JVM. They are the events a test waits for instead of sleeping: a
 * commit cycle that failed, a check that ran, a halt.
 */
final class TaskMetrics {
    private TaskMetrics() {
    }

    static long sum(String connector, String attribute) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long sum = 0;
        for (ObjectName task : server.queryNames(new ObjectName("io.lakesink:type=LakeSink,connector=\""
                + connector + "\",*"), null)) {
            sum += ((Number) server.getAttribute(task, attribute)).longValue();
        }
        return sum;
    }

    /** The coordinator's value of an attribute, or null while no task coordinates. */
    static Object ofCoordinator(String connector, String attribute) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName task : server.queryNames(new ObjectName("io.lakesink:type=LakeSink,connector=\""
                + connector + "\",*"), null)) {
            if ((Boolean) server.getAttribute(task, "Coordinator")) {
                return server.getAttribute(task, attribute);
            }
        }
        return null;
    }
}
