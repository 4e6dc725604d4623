package dev.accounts.command.password;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * PBKDF2 with HMAC-SHA256 (RFC 8018) yielding one 32-byte block, as Django's {@code pbkdf2_sha256}.
 *
 * <p>The JDK's {@code PBKDF2WithHmacSHA256} re-hashes the HMAC key pads on every round: four SHA-256
 * compressions a round. Like OpenSSL (behind Django's {@code hashlib.pbkdf2_hmac}), this keeps the
 * digest states after the inner and outer pads and clones them, so a round costs two. Same output,
 * half the work; {@code Pbkdf2Sha256Test} checks it against the JDK's on many inputs.
 */
final class Pbkdf2Sha256 {

    private static final int BLOCK = 64;

    private Pbkdf2Sha256() {
    }

    static byte[] derive(byte[] password, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1");
        }
        MessageDigest inner = sha256();
        MessageDigest outer = sha256();
        byte[] key = password.length > BLOCK ? sha256().digest(password) : password;
        byte[] pad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x36);
        }
        inner.update(pad);
        for (int i = 0; i < BLOCK; i++) {
            pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x5c);
        }
        outer.update(pad);
        Arrays.fill(pad, (byte) 0);

        MessageDigest round = copy(inner);
        round.update(salt);
        round.update(new byte[] {0, 0, 0, 1});
        byte[] u = hmacOuter(outer, round.digest());
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            round = copy(inner);
            round.update(u);
            u = hmacOuter(outer, round.digest());
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        Arrays.fill(u, (byte) 0);
        return result;
    }

    private static byte[] hmacOuter(MessageDigest outer, byte[] innerHash) {
        MessageDigest round = copy(outer);
        round.update(innerHash);
        return round.digest();
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable in every JDK", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
