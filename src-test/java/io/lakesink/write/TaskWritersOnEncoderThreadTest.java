package io.lakesink.write;

import io.lakesink.record.EncoderThread;

/** Every {@link TaskWritersTest} again, with the Parquet encoding on an encoder thread as tasks run by default. */
class TaskWritersOnEncoderThreadTest extends TaskWritersTest {
    @Override
    EncoderThread encoder() {
        return new EncoderThread("task-writers-test-encoder");
    }
}
