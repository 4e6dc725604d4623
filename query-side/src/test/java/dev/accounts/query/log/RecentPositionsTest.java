package dev.accounts.query.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RecentPositionsTest {

    private final RecentPositions positions = new RecentPositions();

    @Test
    void knowsThePositionOfAnEventReadLatelyAndNothingOfOthers() {
        positions.record("event-a", 17);

        assertThat(positions.of("event-a")).isEqualTo(OptionalLong.of(17));
        assertThat(positions.of("event-b")).isEmpty();
    }

    @Test
    void keepsAtLeastTheLastGenerationOfEventsAndForgetsOlderOnes() {
        int events = 3 * RecentPositions.GENERATION;
        for (int i = 0; i < events; i++) {
            positions.record("event-" + i, i);
        }

        for (int i = events - RecentPositions.GENERATION; i < events; i++) {
            assertThat(positions.of("event-" + i)).isEqualTo(OptionalLong.of(i));
        }
        assertThat(positions.of("event-0")).isEmpty();
        assertThat(positions.of("event-" + (events - 2 * RecentPositions.GENERATION - 1))).isEmpty();
    }
}
