package dev.accounts.query.web;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSProvider;
import com.nimbusds.jose.jca.JCAContext;
import java.util.Set;

/** What {@link Es256Verifiers} and its verifiers say of themselves to Nimbus: ES256 only; no JCA provider is used. */
abstract class Es256Only implements JWSProvider {

    private final JCAContext jcaContext = new JCAContext();

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.ES256);
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }
}
