package io.lakesink.commit.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What tasks and the coordinator say to each other over the control topic, as JSON (readable with a console
 * consumer). Every event names its connector, so connectors can share one control topic, and its commit cycle,
 * so events of an older cycle are recognised and ignored.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StartCommit.class, name = "start-commit"),
        @JsonSubTypes.Type(value = DataWritten.class, name = "data-written"),
        @JsonSubTypes.Type(value = CommitComplete.class, name = "commit-complete")
})
public sealed interface ControlEvent permits StartCommit, DataWritten, CommitComplete {
    String connector();

    String cycleId();
}
