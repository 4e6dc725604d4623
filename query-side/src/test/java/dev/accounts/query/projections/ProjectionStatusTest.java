package dev.accounts.query.projections;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

/** Reading a projection's position and replay state from its tokens. */
class ProjectionStatusTest {

    private static GapAwareTrackingToken at(long index) {
        return GapAwareTrackingToken.newInstance(index, List.of());
    }

    @Test
    void aSegmentThatHasSeenNothingIsAtPositionZero() {
        assertThat(ProjectionStatus.positionOf(null)).isZero();
        assertThat(ProjectionStatus.positionOf(ReplayToken.createReplayToken(at(40), null))).isZero();
    }

    @Test
    void aReplayingSegmentIsWhereTheReplayHasGot() {
        assertThat(ProjectionStatus.positionOf(at(17))).isEqualTo(17);
        assertThat(ProjectionStatus.positionOf(ReplayToken.createReplayToken(at(40), at(12)))).isEqualTo(12);
    }

    @Test
    void aReplayIsOverOnceItHasReappliedEveryEventTheLogHeldWhenItBegan() {
        ReplayToken justReset = (ReplayToken) ReplayToken.createReplayToken(at(40), null);
        TrackingToken halfway = justReset.advancedTo(at(20));
        TrackingToken atTheReset = ((ReplayToken) halfway).advancedTo(at(40));

        assertThat(ProjectionStatus.replaying(justReset)).isTrue();
        assertThat(ProjectionStatus.replaying(halfway)).isTrue();
        // Axon keeps the replay token until an event after the reset arrives; the replay is done all the same
        assertThat(atTheReset).isInstanceOf(ReplayToken.class);
        assertThat(ProjectionStatus.replaying(atTheReset)).isFalse();
        assertThat(ProjectionStatus.replaying(at(40))).isFalse();
        assertThat(ProjectionStatus.replaying(null)).isFalse();
    }

    @Test
    void hasCaughtUpWhenNoLongerReplayingAndPastTheTarget() {
        ProjectionStatus replaying = new ProjectionStatus("users", 50, 60, true, 0, 0, List.of());
        ProjectionStatus behind = new ProjectionStatus("users", 50, 60, false, 0, 0, List.of());
        ProjectionStatus caughtUp = new ProjectionStatus("users", 60, 61, false, 0, 0, List.of());

        assertThat(replaying.caughtUpWith(50)).isFalse();
        assertThat(behind.caughtUpWith(60)).isFalse();
        assertThat(caughtUp.caughtUpWith(60)).isTrue();
        assertThat(behind.lag()).isEqualTo(10);
        assertThat(caughtUp.lag()).isEqualTo(1);
    }
}
