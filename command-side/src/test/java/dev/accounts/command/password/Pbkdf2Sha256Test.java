package dev.accounts.command.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

class Pbkdf2Sha256Test {

    private static byte[] jdk(String password, byte[] salt, int iterations) throws Exception {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
    }

    @Test
    void matchesTheJdksPbkdf2OnManyPasswordsSaltsAndRoundCounts() throws Exception {
        Random random = new Random(20261124);
        for (int i = 0; i < 200; i++) {
            StringBuilder password = new StringBuilder();
            int length = 1 + random.nextInt(i % 10 == 0 ? 200 : 40); // some beyond the 64-byte HMAC block
            for (int c = 0; c < length; c++) {
                password.appendCodePoint(random.nextInt(10) == 0 ? 0x00e0 + random.nextInt(0x500) : 0x21 + random.nextInt(94));
            }
            byte[] salt = new byte[1 + random.nextInt(32)];
            random.nextBytes(salt);
            int iterations = 1 + random.nextInt(50);

            assertThat(Pbkdf2Sha256.derive(password.toString().getBytes(StandardCharsets.UTF_8), salt, iterations))
                    .as("password %s, %d rounds", i, iterations)
                    .isEqualTo(jdk(password.toString(), salt, iterations));
        }
    }

    @Test
    void givesRfc7914sPbkdf2HmacSha256TestVector() {
        // RFC 7914, section 11: P = "passwd", S = "salt", c = 1 (first 32 bytes)
        assertThat(Pbkdf2Sha256.derive("passwd".getBytes(StandardCharsets.US_ASCII), "salt".getBytes(StandardCharsets.US_ASCII), 1))
                .asHexString().isEqualToIgnoringCase("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
    }

    @Test
    void refusesZeroRounds() {
        assertThatIllegalArgumentException().isThrownBy(() -> Pbkdf2Sha256.derive(new byte[] {1}, new byte[] {1}, 0));
    }
}
