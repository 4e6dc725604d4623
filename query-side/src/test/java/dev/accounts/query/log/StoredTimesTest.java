package dev.accounts.query.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The log's time text reads as Axon's own parser reads it, whatever form it takes. */
class StoredTimesTest {

    @Test
    void readsEveryTimeAxonWritesAsAxonReadsIt() {
        SplittableRandom random = new SplittableRandom(20261124);
        for (int i = 0; i < 100_000; i++) {
            // 1970 .. 9999, any nanosecond
            Instant time = Instant.ofEpochSecond(random.nextLong(0, 253_402_300_799L), random.nextInt(1_000_000_000));
            String text = DateTimeUtils.formatInstant(time);

            assertThat(StoredTimes.parse(text)).as(text).isEqualTo(DateTimeUtils.parseInstant(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T07:49:35.123Z", "2026-11-24T07:49:35.123456Z", "2026-11-24T07:49:35.123456789Z",
            "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z",
            // forms the fast path leaves to Axon's parser
            "2026-11-24T07:49:35Z", "2026-11-24T07:49:35.1Z", "2026-11-24T09:49:35.123+02:00"})
    void readsEachFormAsAxonDoes(String text) {
        assertThat(StoredTimes.parse(text)).isEqualTo(DateTimeUtils.parseInstant(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T07:49:35.123Z", "2026-11-24T24:00:00.000Z", "2026-11-24T07:60:35.123Z",
            "2026-11-24T07:49:35.12aZ", "2026-13-24T07:49:35.123Z", "not a time at all, not at all!!"})
    void refusesWhatAxonRefuses(String text) {
        assertThatThrownBy(() -> DateTimeUtils.parseInstant(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> StoredTimes.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
