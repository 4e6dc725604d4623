package dev.accounts.query.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Times what checking a request's bearer token costs inside the process, refusals included, as the timer
 * {@value #METER} with its median and 99th percentile: the cost of verification without the network's and the
 * client's own variance, which a difference of two end-to-end latencies cannot separate at this scale.
 */
final class TimedJwtDecoder implements JwtDecoder {

    static final String METER = "accounts.auth.token.verification";

    private final JwtDecoder decoder;
    private final Timer timer;

    TimedJwtDecoder(JwtDecoder decoder, MeterRegistry registry) {
        this.decoder = decoder;
        this.timer = Timer.builder(METER)
                .description("Time to check a request's bearer token: parse, signature, claims (or a remembered token's look-up)")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        return timer.record(() -> decoder.decode(token));
    }
}
