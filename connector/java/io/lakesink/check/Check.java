package io.lakesink.check;

/**
 * One check on what an ingest commit adds relative to main. Runs off the record path, before the commit may be
 * merged to main. Implementations are built by a {@link CheckType} from the check's own keys
 * ({@code checks.<name>.*}) and must be safe to run from one thread at a time.
 */
public interface Check {
    /** The name the user gave the check in {@code checks}. */
    String name();

    /**
     * Looks at the commit and says whether it may reach main. An exception counts as a failed check whose message
     * is the exception's, so a broken check never lets data through.
     */
    CheckResult run(CheckContext context) throws Exception;

    /** What a check does, given its context. */
    @FunctionalInterface
    interface Body {
        CheckResult run(CheckContext context) throws Exception;
    }

    /** A check with this name that runs {@code body}. */
    static Check named(String name, Body body) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult run(CheckContext context) throws Exception {
                return body.run(context);
            }

            @Override
            public String toString() {
                return "check " + name;
            }
        };
    }
}
