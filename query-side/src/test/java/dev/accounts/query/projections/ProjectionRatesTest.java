package dev.accounts.query.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Events per second, from positions sampled over a sliding window. */
class ProjectionRatesTest {

    private final AtomicLong now = new AtomicLong();
    private final ProjectionRates rates = new ProjectionRates(now::get);

    private void at(long seconds, long position) {
        now.set(TimeUnit.SECONDS.toNanos(seconds));
        rates.record("users", position);
    }

    @Test
    void knowsNoRateBeforeTwoSamples() {
        assertThat(rates.perSecond("users")).isZero();
        at(1, 100);
        assertThat(rates.perSecond("users")).isZero();
    }

    @Test
    void measuresOverTheLastTenSeconds() {
        at(0, 0);
        at(5, 5_000);
        assertThat(rates.perSecond("users")).isCloseTo(1_000, within(0.1));

        at(20, 5_000);
        at(21, 5_500);
        assertThat(rates.perSecond("users")).isCloseTo(500, within(0.1));
    }

    @Test
    void startsAfreshWhenAReplayTakesThePositionBack() {
        at(0, 9_000);
        at(1, 9_000);
        at(2, 100);
        at(4, 2_100);

        assertThat(rates.perSecond("users")).isCloseTo(1_000, within(0.1));
    }
}
