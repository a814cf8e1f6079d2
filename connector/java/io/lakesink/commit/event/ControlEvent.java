package io.lakesink.commit.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What tasks and the coordinator say to each other over the control topic, as JSON (readable with a console
 * consumer). Every event names its connector, so connectors can share one control topic, and its commit cycle,
 * so events of an older cycle are recognised and ignored. Events are read and written only through
 * {@link ControlEventCodec}.
 *
 * <p>Tasks of different LakeSink versions take part in one cycle during a rolling upgrade, so the protocol only
 * grows: a new version may add fields (readers ignore fields they do not know, and a field an older writer did
 * not send arrives as its default) or new event types (readers skip types they do not know), never change what an
 * existing field means. {@link #version()} is the protocol version of the writer, so that a reader can tell a field
 * the writer did not know from one it left empty.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StartCommit.class, name = "start-commit"),
        @JsonSubTypes.Type(value = DataWritten.class, name = "data-written"),
        @JsonSubTypes.Type(value = CommitComplete.class, name = "commit-complete")
})
public sealed interface ControlEvent permits StartCommit, DataWritten, CommitComplete {
    /**
     * The protocol version this build writes. 0 is the protocol as it was before events carried a version: its
     * events have no {@code version} field, and tasks of that time refuse fields they do not know, so version 0
     * is written without the field. Raise it with the first change to the events, and document it in
     * docs/commit-protocol.md.
     */
    int CURRENT_VERSION = 0;

    int version();

    String connector();

    String cycleId();
}
