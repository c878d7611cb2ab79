package io.driftline.events;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The JDK's reporting UTF-8 decoder as the oracle tests compare {@link StrictUtf8} with. */
public final class JdkUtf8 {

    private JdkUtf8() {}

    /** Whether the JDK decodes {@code bytes} as UTF-8 without a malformed or unmappable input. */
    public static boolean decodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
