package io.lakesink.lake.lakefs;

/**
 * A request the real lakeFS API would refuse, or a response the test server got wrong. The server answers 400 (or
 * 500 for its own mistakes) and records it, and the tests fail on any recorded violation.
 */
final class ProtocolViolation extends RuntimeException {
    ProtocolViolation(String message) {
        super(message);
    }
}
