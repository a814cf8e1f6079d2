package io.lakesink.cli;

import io.lakesink.rollback.SinkBranches;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** A command that works on the connector's lake: opens it from the connection options and always closes it. */
abstract class LakeCommand implements Runnable {
    @Mixin
    ConnectionOptions conn;

    @Spec
    CommandSpec spec;

    @Override
    public final void run() {
        SinkBranches b = conn.openLake();
        try {
            run(b);
        } finally {
            b.lake().close();
        }
    }

    abstract void run(SinkBranches b);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
