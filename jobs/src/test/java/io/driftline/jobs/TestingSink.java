package io.driftline.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink for the graph tests: every record it receives lands in a static concurrent list (the
 * MiniCluster runs in the test's JVM), read back with {@link #collected()}.
 *
 * <pre>{@code
 * TestingSink<DeadLetter> deadLetters = new TestingSink<>();
 * ... build(env, config, sources, new Sinks(..., deadLetters)); env.execute();
 * assertThat(deadLetters.collected()).hasSize(1);
 * }</pre>
 */
public final class TestingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private static final Map<String, List<Object>> RECEIVED = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public TestingSink() {
        RECEIVED.put(id, new CopyOnWriteArrayList<>());
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return writer();
    }

    @Override
    @Deprecated
    public SinkWriter<T> createWriter(InitContext context) {
        return writer();
    }

    private SinkWriter<T> writer() {
        List<Object> out = RECEIVED.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                out.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }

    /** What the sink has received so far, in arrival order. */
    @SuppressWarnings("unchecked")
    public List<T> collected() {
        return new ArrayList<>((List<T>) RECEIVED.get(id));
    }
}
