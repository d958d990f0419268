package org.stripscope.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CryptoPanTest {

    /** The sample key of the Crypto-PAn reference distribution (sample.cpp). */
    static final byte[] REFERENCE_KEY = {21, 34, 23, (byte) 141, 51, (byte) 164, (byte) 207, (byte) 128, 19, 10, 91,
        22, 73, (byte) 144, 125, 16, (byte) 216, (byte) 152, (byte) 143, (byte) 131, 121, 121, 101, 39, 98, 87, 76,
        45, 42, (byte) 132, 34, 2};

    /**
     * Address pairs from the reference distribution's sample_trace_raw.dat and
     * sample_trace_sanitized.dat, made with the key above.
     */
    private static final String[][] REFERENCE_IPV4 = {
        {"128.11.68.132", "135.242.180.132"}, {"129.118.74.4", "134.136.186.123"},
        {"130.132.252.244", "133.68.164.234"}, {"141.223.7.43", "141.167.8.160"},
        {"141.233.145.108", "141.129.237.235"}, {"152.163.225.39", "151.140.114.167"},
        {"156.29.3.236", "147.225.12.42"}, {"165.247.96.84", "162.9.99.234"},
        {"166.107.77.190", "160.132.178.185"}, {"192.102.249.13", "252.138.62.131"},
        {"192.215.32.125", "252.43.47.189"}, {"192.233.80.103", "252.25.108.8"},
        {"192.41.57.43", "252.222.221.184"}, {"193.150.244.223", "253.169.52.216"},
        {"195.205.63.100", "255.186.223.5"}, {"198.200.171.101", "249.199.68.213"},
        {"198.26.132.101", "249.36.123.202"}, {"198.36.213.5", "249.7.21.132"},
        {"198.51.77.238", "249.18.186.254"}, {"199.217.79.101", "248.38.184.213"},
        {"202.49.198.20", "245.206.7.234"}, {"203.12.160.252", "244.248.163.4"},
        {"204.184.162.189", "243.192.77.90"}, {"204.202.136.230", "243.178.4.198"},
        {"204.29.20.4", "243.33.20.123"}, {"205.178.38.67", "242.108.198.51"},
        {"205.188.147.153", "242.96.16.101"}, {"205.188.248.25", "242.96.88.27"},
        {"205.245.121.43", "242.21.121.163"}, {"207.105.49.5", "241.118.205.138"},
        {"207.135.65.238", "241.202.129.222"}, {"207.155.9.214", "241.220.250.22"},
        {"207.188.7.45", "241.255.249.220"}, {"207.25.71.27", "241.33.119.156"},
        {"207.33.151.131", "241.1.233.131"}, {"208.147.89.59", "227.237.98.191"},
        {"208.234.120.210", "227.154.67.17"}, {"208.28.185.184", "227.39.94.90"},
        {"208.52.56.122", "227.8.63.165"}, {"209.12.231.7", "226.243.167.8"},
        {"209.238.72.3", "226.6.119.243"}, {"209.246.74.109", "226.22.124.76"},
        {"209.68.60.238", "226.184.220.233"}, {"209.85.249.6", "226.170.70.6"},
        {"212.120.124.31", "228.135.163.231"}, {"212.146.8.236", "228.19.4.234"},
        {"212.186.227.154", "228.59.98.98"}, {"212.204.172.118", "228.71.195.169"},
        {"212.206.130.201", "228.69.242.193"}, {"216.148.237.145", "235.84.194.111"},
        {"216.157.30.252", "235.89.31.26"}, {"216.184.159.48", "235.96.225.78"},
        {"216.227.10.221", "235.28.253.36"}, {"216.254.18.172", "235.7.16.162"},
        {"216.32.132.250", "235.192.139.38"}, {"216.35.217.178", "235.195.157.81"},
        {"24.0.250.221", "100.15.198.226"}, {"24.13.62.231", "100.2.192.247"},
        {"24.14.213.138", "100.1.42.141"}, {"24.5.0.80", "100.9.15.210"},
        {"24.7.198.88", "100.10.6.25"}, {"24.94.26.44", "100.88.228.35"},
        {"38.15.67.68", "64.3.66.187"}, {"4.3.88.225", "124.60.155.63"},
        {"63.14.55.111", "95.9.215.7"}, {"63.195.241.44", "95.179.238.44"},
        {"63.97.7.140", "95.97.9.123"}, {"64.14.118.196", "0.255.183.58"},
        {"64.34.154.117", "0.221.154.117"}, {"64.39.15.238", "0.219.7.41"},
    };

    /**
     * IPv6 under the same key, as the Go implementation github.com/Yawning/cryptopan (the same
     * construction over 128 bits) computes them; the reference distribution has no IPv6.
     */
    private static final String[][] IPV6 = {
        {"::1", "78ff:f001:9fc0:20df:8380:b1f1:704:ed"},
        {"::2", "78ff:f001:9fc0:20df:8380:b1f1:704:ef"},
        {"::ffff", "78ff:f001:9fc0:20df:8380:b1f1:704:f838"},
        {"2001:db8::1", "4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1e"},
        {"2001:db8::2", "4401:2bc:603f:d91d:27f:ff8e:e6f1:dc1c"},
    };

    @Test
    void referenceKey_givesTheReferenceDistributionsIpv4Pseudonyms() throws Exception {
        CryptoPan pan = new CryptoPan(REFERENCE_KEY);
        for (String[] pair : REFERENCE_IPV4) {
            byte[] got = pan.anonymize(InetAddress.getByName(pair[0]).getAddress());
            assertEquals(pair[1], InetAddress.getByAddress(got).getHostAddress(), pair[0]);
        }
    }

    @Test
    void referenceKey_givesTheGoImplementationsIpv6Pseudonyms() throws Exception {
        CryptoPan pan = new CryptoPan(REFERENCE_KEY);
        for (String[] pair : IPV6) {
            byte[] in = InetAddress.getByName(pair[0]).getAddress();
            assertArrayEquals(InetAddress.getByName(pair[1]).getAddress(), pan.anonymize(in), pair[0]);
        }
    }

    @Test
    void addressesSharingAPrefix_havePseudonymsSharingExactlyThatPrefix() {
        CryptoPan pan = new CryptoPan(REFERENCE_KEY);
        Random random = new Random(7);
        for (int len : new int[] {4, 16}) {
            for (int trial = 0; trial < 200; trial++) {
                byte[] a = new byte[len];
                random.nextBytes(a);
                byte[] b = a.clone();
                int flip = random.nextInt(len * 8);
                b[flip >>> 3] ^= (byte) (0x80 >>> (flip & 7));
                // Randomise every bit after the first difference, too.
                for (int bit = flip + 1; bit < len * 8; bit++) {
                    if (random.nextBoolean()) {
                        b[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
                    }
                }
                assertEquals(flip, commonPrefixBits(pan.anonymize(a), pan.anonymize(b)), "first differing bit");
            }
        }
    }

    @Test
    void sameKeyGivesSamePseudonyms_otherKeyOtherOnes() {
        byte[] address = {(byte) 192, 0, 2, 10};
        byte[] otherKey = REFERENCE_KEY.clone();
        otherKey[0] ^= 1;
        assertArrayEquals(new CryptoPan(REFERENCE_KEY).anonymize(address), new CryptoPan(REFERENCE_KEY.clone()).anonymize(address));
        assertNotEquals(InetAddressText.of(new CryptoPan(REFERENCE_KEY).anonymize(address)),
                InetAddressText.of(new CryptoPan(otherKey).anonymize(address)));
    }

    private static int commonPrefixBits(byte[] a, byte[] b) {
        for (int bit = 0; bit < a.length * 8; bit++) {
            int mask = 0x80 >>> (bit & 7);
            if ((a[bit >>> 3] & mask) != (b[bit >>> 3] & mask)) {
                return bit;
            }
        }
        return a.length * 8;
    }

    /** Dotted text of a 4-byte address, for readable failures. */
    private static final class InetAddressText {
        static String of(byte[] a) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
    }
}
