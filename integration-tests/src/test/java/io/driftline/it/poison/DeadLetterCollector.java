package io.driftline.it.poison;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.stack.kafka.TopicFollower;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Reads the dead-letter topic from its start, {@code read_committed} (the jobs write it
 * transactionally), on its own thread, so a test can poll what has arrived. Dead letters are read
 * as plain JSON trees, not through the wire parser, so a stricter parser cannot hide any.
 */
final class DeadLetterCollector implements AutoCloseable {

    /** One dead letter; {@code payload} is its original bytes (cut to 256 KiB by the writer). */
    record Letter(
            String sourceTopic,
            Integer partition,
            Long offset,
            String reason,
            byte[] payload,
            String raw) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Letter> letters = new CopyOnWriteArrayList<>();
    private final List<String> unreadable = new CopyOnWriteArrayList<>();
    private final TopicFollower follower;

    DeadLetterCollector(String bootstrapServers, String topic) {
        follower =
                new TopicFollower(
                        bootstrapServers,
                        topic,
                        "poison-dead-letters",
                        value -> letters.add(read(value)),
                        e -> unreadable.add("collector stopped: " + e));
    }

    private Letter read(byte[] value) {
        String raw =
                value == null ? "null" : new String(value, java.nio.charset.StandardCharsets.UTF_8);
        try {
            JsonNode n = JSON.readTree(value);
            return new Letter(
                    n.path("source_topic").asText(null),
                    n.hasNonNull("partition") ? n.get("partition").asInt() : null,
                    n.hasNonNull("offset") ? n.get("offset").asLong() : null,
                    n.path("reason").asText(""),
                    Base64.getDecoder().decode(n.path("payload_base64").asText("")),
                    raw.length() > 300 ? raw.substring(0, 300) + "..." : raw);
        } catch (Exception e) {
            unreadable.add(e + ": " + (raw.length() > 300 ? raw.substring(0, 300) : raw));
            return new Letter(null, null, null, "", new byte[0], raw);
        }
    }

    /** The dead letters read so far. */
    List<Letter> letters() {
        return new ArrayList<>(letters);
    }

    /** Records of the dead-letter topic that were not dead letters at all. */
    List<String> unreadable() {
        return new ArrayList<>(unreadable);
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
    }
}
