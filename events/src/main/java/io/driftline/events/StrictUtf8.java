package io.driftline.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that a payload is well-formed UTF-8 in the sense of RFC 3629 before any parser sees it: no
 * overlong forms, no encoded surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated or
 * stray continuation bytes, no byte-order mark and no NUL byte (which is never valid in JSON text
 * and is how UTF-16 and UTF-32 payloads show themselves). Jackson alone accepts overlong forms and
 * detects UTF-16/32 by itself, which the contract does not allow.
 */
public final class StrictUtf8 {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x0101010101010101L;

    private StrictUtf8() {}

    /** Whether sixteen bytes are all ASCII (no high bit) and none of them is NUL. */
    private static boolean plainAscii(long first, long second) {
        long zeros = ((first - LOW_BITS) & ~first) | ((second - LOW_BITS) & ~second);
        return ((first | second | zeros) & HIGH_BITS) == 0;
    }

    /** Whether eight bytes are all ASCII (no high bit) and none of them is NUL. */
    private static boolean plainAscii(long word) {
        boolean ascii = (word & HIGH_BITS) == 0;
        boolean hasZero = ((word - LOW_BITS) & ~word & HIGH_BITS) != 0;
        return ascii && !hasZero;
    }

    /**
     * @return null when {@code bytes} is strict UTF-8 JSON text, else why not (for a reason such as
     *     {@code invalid encoding: overlong utf-8 form at byte 12})
     */
    public static String problem(byte[] bytes) {
        int n = bytes.length;
        if (n >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF) {
            return "byte-order mark";
        }
        if (n >= 2
                && (((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF)
                        || ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE))) {
            return "utf-16/32 payload (byte-order mark)";
        }
        int i = 0;
        while (i < n) {
            // ASCII without NUL, the common case: sixteen bytes at a time (one branch), then eight
            while (i + 16 <= n
                    && plainAscii((long) LONGS.get(bytes, i), (long) LONGS.get(bytes, i + 8))) {
                i += 16;
            }
            while (i + 8 <= n && plainAscii((long) LONGS.get(bytes, i))) {
                i += 8;
            }
            if (i >= n) {
                break;
            }
            int b = bytes[i];
            if (b > 0) {
                i++;
                continue;
            }
            if (b == 0) {
                return "nul byte at " + i + " (utf-16/32 payload?)";
            }
            int lead = b & 0xFF;
            int length;
            int min;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                min = 0x800;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                min = 0x10000;
            } else if (lead == 0xC0 || lead == 0xC1) {
                return "overlong utf-8 form at byte " + i;
            } else if (lead < 0xC0) {
                return "unexpected utf-8 continuation byte at byte " + i;
            } else {
                return "invalid utf-8 byte at byte " + i;
            }
            if (i + length > n) {
                return "truncated utf-8 sequence at byte " + i;
            }
            int cp = lead & (0xFF >> (length + 1));
            for (int k = 1; k < length; k++) {
                int c = bytes[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return "truncated utf-8 sequence at byte " + i;
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min) {
                return "overlong utf-8 form at byte " + i;
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                return "utf-8 encoded surrogate at byte " + i;
            }
            if (cp > 0x10FFFF) {
                return "code point above U+10FFFF at byte " + i;
            }
            i += length;
        }
        return null;
    }

    /**
     * The index of the first unpaired surrogate in {@code text} (a high one without its low one, or
     * a lone low one), or -1.
     */
    public static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
