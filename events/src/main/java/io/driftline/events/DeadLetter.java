package io.driftline.events;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A record that could not be processed, kept with its original bytes and the reason (topic {@code
 * driftline.dead-letter}); nothing invalid is dropped silently.
 *
 * @param sourceTopic the topic it was read from
 * @param partition its partition, nullable
 * @param offset its offset, nullable
 * @param reason why it was rejected, e.g. {@code missing field: event_id}
 * @param payloadBase64 the original bytes, base64
 * @param payloadText the original bytes as UTF-8 text when they decode, truncated to {@link
 *     #MAX_PAYLOAD_TEXT_CHARS}; null otherwise
 * @param failedAt rejection time, epoch millis
 */
public record DeadLetter(
        String sourceTopic,
        Integer partition,
        Long offset,
        String reason,
        String payloadBase64,
        String payloadText,
        long failedAt) {

    /** Longest {@code payloadText} kept, in chars. */
    public static final int MAX_PAYLOAD_TEXT_CHARS = 4096;

    /**
     * Most original bytes kept by {@link #of}: a dead letter must fit in one Kafka message (1 MB by
     * default) after base64, so an oversized payload keeps its first 256 KiB and the reason says
     * so.
     */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    /** Longest reason text kept by {@link #of}, in chars, before a payload-cut note is appended. */
    public static final int MAX_REASON_CHARS = 1024;

    public DeadLetter {
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(payloadBase64, "payloadBase64");
    }

    /** A dead letter for {@code original} (null is taken as empty) rejected for {@code reason}. */
    public static DeadLetter of(
            String sourceTopic,
            Integer partition,
            Long offset,
            byte[] original,
            String reason,
            long now) {
        byte[] bytes = original == null ? new byte[0] : original;
        String why = truncate(Objects.requireNonNull(reason, "reason"), MAX_REASON_CHARS);
        if (bytes.length > MAX_PAYLOAD_BYTES) {
            why =
                    why
                            + " (payload cut: kept "
                            + MAX_PAYLOAD_BYTES
                            + " of "
                            + bytes.length
                            + " bytes)";
            bytes = java.util.Arrays.copyOf(bytes, MAX_PAYLOAD_BYTES);
        }
        return new DeadLetter(
                sourceTopic,
                partition,
                offset,
                why,
                Base64.getEncoder().encodeToString(bytes),
                decodeText(bytes),
                now);
    }

    /** The original bytes. */
    public byte[] payload() {
        return Base64.getDecoder().decode(payloadBase64);
    }

    /**
     * A record that passed validation and still failed later, in a job's function or at a sink: the
     * second reason family, {@code processing: <stage>: <what failed>}. The payload is the record's
     * JSON (its original bytes are gone by then), or its text when it is not a wire record (e.g. a
     * description of the window whose evaluation failed).
     *
     * @param stage where it failed, e.g. {@code drift-detection} or {@code mongo-sink}
     * @param what what failed, e.g. {@link #describe} of the exception
     */
    public static DeadLetter processing(
            String sourceTopic, String stage, Object record, String what, long now) {
        byte[] payload;
        try {
            payload = EventJson.toJson(record);
        } catch (RuntimeException notAWireRecord) {
            payload = String.valueOf(record).getBytes(StandardCharsets.UTF_8);
        }
        String reason = "processing: " + stage.toLowerCase(java.util.Locale.ROOT) + ": " + what;
        return of(sourceTopic, null, null, payload, reason, now);
    }

    /** {@link #processing} for a failure: {@code what} is {@link #describe describe(failure)}. */
    public static DeadLetter processing(
            String sourceTopic, String stage, Object record, Throwable failure, long now) {
        return processing(sourceTopic, stage, record, describe(failure), now);
    }

    /** Longest exception message kept by {@link #describe}, in chars. */
    static final int MAX_FAILURE_MESSAGE_CHARS = 200;

    /**
     * A failure in one line for a reason: {@code <exception simple name>: <message>}, the message
     * cut to 200 chars, control characters and surrogates replaced by spaces.
     */
    public static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < message.length() && text.length() < MAX_FAILURE_MESSAGE_CHARS; i++) {
            char c = message.charAt(i);
            text.append(Character.isISOControl(c) || Character.isSurrogate(c) ? ' ' : c);
        }
        return failure.getClass().getSimpleName() + (text.length() == 0 ? "" : ": " + text);
    }

    private static String decodeText(byte[] bytes) {
        try {
            CharBuffer text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes));
            return truncate(text.toString(), MAX_PAYLOAD_TEXT_CHARS);
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Cuts to at most {@code max} chars without splitting a surrogate pair. */
    private static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
