package dev.accounts.query.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ES256 signature checks for access tokens, one verifier kept per public key: Bouncy Castle keeps the key's
 * precomputed multiples on its point, so each signature after the first costs less than through the JCA, where
 * every check turns the key into a new point and precomputes again. Only P-256 keys and ES256 headers are
 * accepted; anything else is refused, as Nimbus's own factory would for an algorithm it does not support.
 */
final class Es256Verifiers extends Es256Only implements JWSVerifierFactory {

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256);
    /** Keys in the command side's JWKS: the current one and those rotated out whose tokens still verify. */
    private static final int MAX_KEYS = 64;

    private final Map<ByteBuffer, Es256Verifier> byKey = new ConcurrentHashMap<>();

    @Override
    public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw new JOSEException("Unsupported JWS algorithm " + header.getAlgorithm() + "; only ES256 is accepted");
        }
        if (!(key instanceof ECPublicKey publicKey) || publicKey.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new JOSEException("An ES256 signature needs a P-256 public key");
        }
        ByteBuffer encoded = ByteBuffer.wrap(publicKey.getEncoded());
        Es256Verifier known = byKey.get(encoded);
        if (known != null) {
            return known;
        }
        Es256Verifier verifier = new Es256Verifier(publicKey);
        if (byKey.size() >= MAX_KEYS) {
            byKey.clear();
        }
        byKey.put(encoded, verifier);
        return verifier;
    }

    /** Verifies ES256 signatures (R and S, 32 bytes each, as JWS writes them) made by one P-256 key. */
    static final class Es256Verifier extends Es256Only implements JWSVerifier {

        private final ECPublicKeyParameters key;

        Es256Verifier(ECPublicKey publicKey) throws JOSEException {
            ECPoint point;
            try {
                point = DOMAIN.getCurve().createPoint(publicKey.getW().getAffineX(), publicKey.getW().getAffineY());
            } catch (IllegalArgumentException e) {
                throw new JOSEException("The public key is not a point of P-256", e);
            }
            if (!point.isValid()) {
                throw new JOSEException("The public key is not a point of P-256");
            }
            this.key = new ECPublicKeyParameters(point, DOMAIN);
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
                throw new JOSEException("Unsupported JWS algorithm " + header.getAlgorithm());
            }
            byte[] rs = signature.decode();
            if (rs.length != 64) {
                return false;
            }
            BigInteger r = new BigInteger(1, Arrays.copyOfRange(rs, 0, 32));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, 32, 64));
            ECDSASigner signer = new ECDSASigner();
            signer.init(false, key);
            return signer.verifySignature(sha256(signingInput), r, s);
        }

        private static byte[] sha256(byte[] input) throws JOSEException {
            try {
                return MessageDigest.getInstance("SHA-256").digest(input);
            } catch (NoSuchAlgorithmException e) {
                throw new JOSEException("SHA-256 is not available", e);
            }
        }
    }
}
