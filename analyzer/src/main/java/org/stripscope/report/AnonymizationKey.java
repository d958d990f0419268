package org.stripscope.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The secret behind the pseudonyms: 32 bytes, the Crypto-PAn key layout (AES-128 key, then pad
 * seed). The file holds them raw ({@code head -c 32 /dev/urandom > key}) or as 64 hex digits.
 * Whoever has the key can recompute every pseudonym, so it is kept, never published.
 */
public final class AnonymizationKey {

    private final byte[] bytes;

    private AnonymizationKey(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public static AnonymizationKey of(byte[] bytes) {
        if (bytes.length != CryptoPan.KEY_BYTES) {
            throw new IllegalArgumentException("the key must have " + CryptoPan.KEY_BYTES + " bytes, not " + bytes.length);
        }
        return new AnonymizationKey(bytes);
    }

    /**
     * Reads a key file: exactly 32 bytes, or 64 hex digits with optional surrounding whitespace.
     *
     * @throws IllegalArgumentException when the file is neither
     */
    public static AnonymizationKey read(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        if (content.length == CryptoPan.KEY_BYTES) {
            return new AnonymizationKey(content);
        }
        String text = new String(content, StandardCharsets.ISO_8859_1).strip();
        if (text.length() == 2 * CryptoPan.KEY_BYTES && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return new AnonymizationKey(HexFormat.of().parseHex(text));
        }
        throw new IllegalArgumentException(file + " is not a key: it must hold " + CryptoPan.KEY_BYTES
                + " bytes (head -c 32 /dev/urandom > " + file.getFileName() + ") or 64 hex digits, it has "
                + content.length + " bytes");
    }

    byte[] bytes() {
        return bytes.clone();
    }
}
