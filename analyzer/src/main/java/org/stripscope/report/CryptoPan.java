package org.stripscope.report;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Crypto-PAn, the prefix-preserving address anonymisation of Xu, Fan, Ammar and Moon
 * ("Prefix-preserving IP address anonymization", Computer Networks 46(2), 2004), as published
 * traces (CAIDA, MAWI, CRAWDAD) use it: two addresses that share their first n bits have
 * pseudonyms that share their first n bits, and nothing more.
 *
 * <p>The 32-byte key is an AES-128 key (first 16 bytes) and a pad seed (last 16 bytes); the pad
 * is the seed encrypted under the key. Bit i of the pseudonym is bit i of the address XORed with
 * the first bit of AES(first i bits of the address, followed by the pad's bits from i on). IPv4
 * takes 32 rounds over the block's first 32 bits, IPv6 the same construction over all 128.
 * Not thread-safe (one cipher, reused).
 */
public final class CryptoPan {

    /** Key length: AES-128 key then pad seed. */
    public static final int KEY_BYTES = 32;

    private final Cipher aes;
    private final byte[] pad;
    private final byte[] block = new byte[16];
    private final byte[] out = new byte[16];

    public CryptoPan(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a Crypto-PAn key has " + KEY_BYTES + " bytes, not " + key.length);
        }
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOfRange(key, 0, 16), "AES"));
            pad = aes.doFinal(Arrays.copyOfRange(key, 16, 32));
        } catch (GeneralSecurityException e) {
            // AES/ECB/NoPadding is one of the ciphers every Java platform must provide.
            throw new IllegalStateException("AES is not available", e);
        }
    }

    /** The pseudonym of a 4-byte (IPv4) or 16-byte (IPv6) address, same length. */
    public byte[] anonymize(byte[] address) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
        }
        int bits = address.length * 8;
        byte[] otp = new byte[address.length];
        for (int pos = 0; pos < bits; pos++) {
            fillBlock(address, pos);
            encryptBlock();
            if ((out[0] & 0x80) != 0) {
                otp[pos >>> 3] |= (byte) (0x80 >>> (pos & 7));
            }
        }
        byte[] result = new byte[address.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = (byte) (address[i] ^ otp[i]);
        }
        return result;
    }

    /** The block for round {@code pos}: the address's first pos bits, then the pad's. */
    private void fillBlock(byte[] address, int pos) {
        for (int b = 0; b < 16; b++) {
            int firstBit = b * 8;
            if (firstBit + 8 <= pos) {
                block[b] = address[b];
            } else if (firstBit >= pos) {
                block[b] = pad[b];
            } else {
                int mask = (0xff << (8 - (pos - firstBit))) & 0xff;
                block[b] = (byte) ((address[b] & mask) | (pad[b] & ~mask & 0xff));
            }
        }
    }

    private void encryptBlock() {
        try {
            aes.doFinal(block, 0, 16, out, 0);
        } catch (GeneralSecurityException e) {
            // One whole block into a 16-byte buffer: neither padding nor buffer can fail.
            throw new IllegalStateException(e);
        }
    }
}
