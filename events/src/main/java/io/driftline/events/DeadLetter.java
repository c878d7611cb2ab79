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

    /** Longest {@code reason} kept by {@link #of}, in chars. */
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
