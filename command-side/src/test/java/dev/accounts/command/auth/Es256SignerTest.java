package dev.accounts.command.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class Es256SignerTest {

    private static final JWSHeader ES256 = new JWSHeader(JWSAlgorithm.ES256);

    /** RFC 6979, appendix A.2.5: P-256, SHA-256, message "sample". */
    @Test
    void matchesTheDeterministicSignatureOfRfc6979() throws Exception {
        byte[] d = HexFormat.of().parseHex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
        ECPoint q = CustomNamedCurves.getByName("P-256").getG().multiply(new BigInteger(1, d)).normalize();
        ECKey key = new ECKey.Builder(Curve.P_256, Base64URL.encode(q.getAffineXCoord().getEncoded()),
                Base64URL.encode(q.getAffineYCoord().getEncoded())).d(Base64URL.encode(d)).build();

        byte[] signature = new Es256Signer(key).sign(ES256, "sample".getBytes(StandardCharsets.US_ASCII)).decode();

        assertThat(HexFormat.of().withUpperCase().formatHex(signature)).isEqualTo(
                "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                        + "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
    }

    @Test
    void theJdksVerifierAcceptsItsSignaturesAndNoOthers() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        Es256Signer signer = new Es256Signer(key);
        ECDSAVerifier verifier = new ECDSAVerifier(key.toPublicJWK());
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 200; n++) {
            byte[] input = new byte[random.nextInt(1, 600)];
            random.nextBytes(input);
            Base64URL signature = signer.sign(ES256, input);
            assertThat(signature.decode()).hasSize(64);
            assertThat(verifier.verify(ES256, input, signature)).isTrue();
            input[random.nextInt(input.length)] ^= 1;
            assertThat(verifier.verify(ES256, input, signature)).isFalse();
        }
    }

    @Test
    void refusesOtherAlgorithmsAndKeys() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        assertThatThrownBy(() -> new Es256Signer(key).sign(new JWSHeader(JWSAlgorithm.ES384), new byte[1]))
                .isInstanceOf(JOSEException.class).hasMessageContaining("ES384");
        assertThatThrownBy(() -> new Es256Signer(key.toPublicJWK())).isInstanceOf(JOSEException.class);
        assertThatThrownBy(() -> new Es256Signer(new ECKeyGenerator(Curve.P_384).generate()))
                .isInstanceOf(JOSEException.class);
    }
}
