package io.lakesink.connect;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Kafka's in-JVM broker and Connect workers, set up as LakeSink's tests need them. */
final class TestClusters {
    private TestClusters() {
    }

    /**
     * One broker (whose transaction log must fit it: the control topic is written transactionally) and
     * {@code workers} Connect workers that flush offsets every second, plus any extra worker settings.
     */
    static EmbeddedConnectCluster connect(String name, int workers, Map<String, String> extraWorkerProps) {
        Map<String, String> worker = new HashMap<>();
        worker.put("offset.flush.interval.ms", "1000");
        worker.putAll(extraWorkerProps);
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        return new EmbeddedConnectCluster.Builder().name(name).numWorkers(workers).workerProps(worker)
                .brokerProps(broker).build();
    }
}
