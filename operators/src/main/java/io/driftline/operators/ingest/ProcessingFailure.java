package io.driftline.operators.ingest;

import io.driftline.events.DeadLetter;
import io.driftline.events.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns a record that passed validation but failed later, in a keyed function, into a dead letter
 * of the second reason family, {@code processing: <stage>: <what failed>}, so one odd record costs
 * one dead letter instead of a job restart loop. The payload is the record's JSON (the original
 * bytes are gone by then), or a description of the window when a timer failed.
 */
public final class ProcessingFailure {

    /** Longest exception message kept in a reason. */
    private static final int MAX_MESSAGE_CHARS = 200;

    private ProcessingFailure() {}

    /**
     * @param sourceTopic where the record came from, for the dead letter's key
     * @param stage the function that failed, e.g. {@code drift-detection}
     * @param record a wire record, or any object whose text describes what failed
     */
    public static DeadLetter deadLetter(
            String sourceTopic, String stage, Object record, Throwable failure, long now) {
        return DeadLetter.of(sourceTopic, null, null, payload(record), reason(stage, failure), now);
    }

    /** {@code processing: <stage>: <exception simple name>: <message, one line, cut>}. */
    public static String reason(String stage, Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < message.length() && text.length() < MAX_MESSAGE_CHARS; i++) {
            char c = message.charAt(i);
            text.append(Character.isISOControl(c) || Character.isSurrogate(c) ? ' ' : c);
        }
        return "processing: "
                + stage.toLowerCase(Locale.ROOT)
                + ": "
                + failure.getClass().getSimpleName()
                + (text.length() == 0 ? "" : ": " + text);
    }

    private static byte[] payload(Object record) {
        try {
            return EventJson.toJson(record);
        } catch (RuntimeException notAWireRecord) {
            return String.valueOf(record).getBytes(StandardCharsets.UTF_8);
        }
    }
}
