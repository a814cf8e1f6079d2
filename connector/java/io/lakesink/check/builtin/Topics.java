package io.lakesink.check.builtin;

import io.lakesink.check.CheckContext;

import java.util.List;

/** The topics a check looks at: those it names that have new rows, or every topic with new rows. */
final class Topics {
    static final String KEY = "topics";
    static final String DOC = "Topics to look at; empty: every topic with new rows in the commit.";

    private Topics() {
    }

    static List<String> of(CheckContext context, List<String> named) {
        return named.isEmpty() ? context.topics() : named.stream().filter(context.topics()::contains).toList();
    }
}
