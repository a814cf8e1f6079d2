package io.lakesink.commit.event;

import java.util.List;

/**
 * A task's answer to {@link StartCommit}: the files it uploaded (not yet linked anywhere) and, per topic-partition,
 * the offsets they cover. A task with nothing new answers with empty lists so the coordinator need not wait.
 */
public record DataWritten(int version, String connector, String cycleId, int taskId, List<PartitionBatch> batches,
                          List<DataFile> files) implements ControlEvent {
    public DataWritten {
        batches = List.copyOf(batches);
        files = List.copyOf(files);
    }

    public static DataWritten of(String connector, String cycleId, int taskId, List<PartitionBatch> batches,
                                 List<DataFile> files) {
        return new DataWritten(CURRENT_VERSION, connector, cycleId, taskId, batches, files);
    }
}
