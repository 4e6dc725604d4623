package dev.accounts.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.Provider;
import java.util.Arrays;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class Es256VerifiersTest {

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final ECKey KEY = generate(Curve.P_256);
    private static final ECKey OTHER_KEY = generate(Curve.P_256);

    private final Es256Verifiers verifiers = new Es256Verifiers();

    @Test
    void acceptsATokenSignedWithTheKey() throws Exception {
        SignedJWT token = signed(KEY, "ada");

        assertThat(SignedJWT.parse(token.serialize()).verify(verifierFor(token, KEY))).isTrue();
    }

    @Test
    void acceptsManyTokensOfOneKeyWithTheVerifierItKeeps() throws Exception {
        for (int i = 0; i < 20; i++) {
            SignedJWT token = signed(KEY, "user-" + i);
            assertThat(SignedJWT.parse(token.serialize()).verify(verifierFor(token, KEY))).isTrue();
        }
        assertThat(verifiers.createJWSVerifier(header(), KEY.toECPublicKey()))
                .isSameAs(verifiers.createJWSVerifier(header(), KEY.toECPublicKey()));
    }

    @Test
    void refusesATokenSignedWithAnotherKey() throws Exception {
        SignedJWT token = signed(OTHER_KEY, "ada");

        assertThat(SignedJWT.parse(token.serialize()).verify(verifierFor(token, KEY))).isFalse();
    }

    @Test
    void refusesATokenWhoseClaimsWereChangedAfterSigning() throws Exception {
        String[] parts = signed(KEY, "ada").serialize().split("\\.");
        String forged = parts[0] + "." + signed(KEY, "root").serialize().split("\\.")[1] + "." + parts[2];

        SignedJWT token = SignedJWT.parse(forged);
        assertThat(token.verify(verifierFor(token, KEY))).isFalse();
    }

    @Test
    void refusesASignatureOfTheWrongLengthOrOutOfRange() throws Exception {
        SignedJWT token = signed(KEY, "ada");
        var verifier = verifierFor(token, KEY);
        byte[] signature = token.getSignature().decode();

        assertThat(verifier.verify(token.getHeader(), token.getSigningInput(),
                Base64URL.encode(Arrays.copyOf(signature, 63)))).isFalse();
        assertThat(verifier.verify(token.getHeader(), token.getSigningInput(), Base64URL.encode(new byte[64]))).isFalse();
    }

    @Test
    void refusesOtherAlgorithmsAndKeysThatAreNotP256() throws Exception {
        assertThatThrownBy(() -> verifiers.createJWSVerifier(new JWSHeader(JWSAlgorithm.ES384), KEY.toECPublicKey()))
                .isInstanceOf(JOSEException.class).hasMessageContaining("only ES256");
        assertThatThrownBy(() -> verifiers.createJWSVerifier(header(), generate(Curve.P_384).toECPublicKey()))
                .isInstanceOf(JOSEException.class).hasMessage("An ES256 signature needs a P-256 public key");
        assertThatThrownBy(() -> verifiers.createJWSVerifier(header(),
                new RSAKeyGenerator(2048).generate().toRSAPublicKey()))
                .isInstanceOf(JOSEException.class).hasMessage("An ES256 signature needs a P-256 public key");
        // a 256-bit curve other than P-256 (Bouncy Castle's provider, as the JDK 17 one no longer has it)
        ECKey secp256k1 = new ECKeyGenerator(Curve.SECP256K1).provider(BOUNCY_CASTLE).generate();
        assertThatThrownBy(() -> verifiers.createJWSVerifier(header(), secp256k1.toECPublicKey(BOUNCY_CASTLE)))
                .isInstanceOf(JOSEException.class).hasMessageContaining("not a point of P-256");
    }

    private com.nimbusds.jose.JWSVerifier verifierFor(SignedJWT token, ECKey key) throws JOSEException {
        return verifiers.createJWSVerifier(token.getHeader(), key.toECPublicKey());
    }

    private static JWSHeader header() {
        return new JWSHeader(JWSAlgorithm.ES256);
    }

    private static SignedJWT signed(ECKey key, String subject) throws JOSEException {
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(subject).build());
        token.sign(new ECDSASigner(key));
        return token;
    }

    private static ECKey generate(Curve curve) {
        try {
            return new ECKeyGenerator(curve).keyID(curve.getName()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
