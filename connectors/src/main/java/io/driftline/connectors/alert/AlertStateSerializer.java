package io.driftline.connectors.alert;

import io.driftline.events.Alert;
import io.driftline.events.EventJson;
import io.driftline.events.ParseResult;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Serializes the {@link AlertmanagerSinkWriter}'s checkpointed alerts (firing alerts to keep
 * re-sending, undelivered resolves) as their JSON contract; version 1.
 */
public final class AlertStateSerializer implements SimpleVersionedSerializer<Alert> {

    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(Alert alert) {
        return EventJson.toJson(alert);
    }

    @Override
    public Alert deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown alert state version " + version + ", expected 1");
        }
        ParseResult<Alert> result = EventJson.parseAlert(serialized);
        if (!result.isValid()) {
            throw new IOException("corrupt alert in sink state: " + result.reason());
        }
        return result.value();
    }
}
