package dev.accounts.query.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.query.support.Migrations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackerStatus;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/** The watermark read-your-writes waits on: tokens as Axon's JdbcTokenStore stores them, read without claiming. */
class ProjectionProgressTest {

    private static final String PROCESSOR = "users";
    private static final TokenSchema SCHEMA = TokenSchema.builder().setTokenTable("token_entry")
            .setProcessorNameColumn("processor_name").setSegmentColumn("segment").setTokenColumn("token")
            .setTokenTypeColumn("token_type").setTimestampColumn("timestamp").setOwnerColumn("owner").build();

    private JdbcClient jdbc;
    private JdbcTokenStore tokenStore;
    private ProjectionProgress progress;
    /** The segments "this process" runs, and where they stand in memory. */
    private Map<Integer, TrackingToken> running = new HashMap<>();

    @BeforeEach
    void database() {
        DataSource dataSource = Migrations.migratedInMemoryH2();
        // as the event-store module configures it: Jackson 3 reads Axon's polymorphic tokens (a ReplayToken's inner ones)
        Serializer serializer = Jackson3Serializer.builder().jsonMapperBuilderCustomizer(mapper -> mapper
                .polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder().allowIfSubType("org.axonframework.")
                        .allowIfSubType("java.lang.").build())).build();
        jdbc = JdbcClient.create(dataSource);
        tokenStore = JdbcTokenStore.builder().connectionProvider(dataSource::getConnection).schema(SCHEMA)
                .serializer(serializer).nodeId("processor-node").build();
        progress = new ProjectionProgress(jdbc, SCHEMA, serializer, processor -> running);
    }

    private static GapAwareTrackingToken at(long index, Long... gaps) {
        return GapAwareTrackingToken.newInstance(index, List.of(gaps));
    }

    private void store(int segment, TrackingToken token) {
        tokenStore.fetchToken(PROCESSOR, segment);
        tokenStore.storeToken(token, PROCESSOR, segment);
        tokenStore.releaseClaim(PROCESSOR, segment);
    }

    @Test
    void aProcessorThatNeverRanHasAppliedNothing() {
        assertThat(progress.hasApplied(PROCESSOR, 1)).isFalse();

        tokenStore.initializeTokenSegments(PROCESSOR, 2);

        assertThat(progress.hasApplied(PROCESSOR, 1)).isFalse();
    }

    @Test
    void reachesAPositionOnlyOnceEverySegmentHasPassedIt() {
        tokenStore.initializeTokenSegments(PROCESSOR, 2);
        store(0, at(10));
        store(1, at(4));

        assertThat(progress.hasApplied(PROCESSOR, 4)).isTrue();
        assertThat(progress.hasApplied(PROCESSOR, 5)).isFalse();

        store(1, at(12));

        assertThat(progress.hasApplied(PROCESSOR, 10)).isTrue();
        assertThat(progress.hasApplied(PROCESSOR, 11)).isFalse();
    }

    @Test
    void countsWhereItsOwnRunningSegmentsStandBeforeTheirTokensAreStored() {
        tokenStore.initializeTokenSegments(PROCESSOR, 2);
        store(0, at(10));
        store(1, at(4));

        running.put(1, at(10));

        assertThat(progress.hasApplied(PROCESSOR, 10)).isTrue();
        assertThat(progress.hasApplied(PROCESSOR, 11)).isFalse();
    }

    @Test
    void readingTheTokensClaimsNoSegment() {
        tokenStore.initializeTokenSegments(PROCESSOR, 2);
        store(0, at(3));

        progress.tokens(PROCESSOR);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM token_entry WHERE owner IS NOT NULL").query(Long.class).single()).isZero();
    }

    @Test
    void waitsForAPositionInAGapButNotForAnUnrelatedGap() {
        GapAwareTrackingToken withGap = at(10, 7L);

        assertThat(ProjectionProgress.covers(withGap, 10)).isTrue();
        assertThat(ProjectionProgress.covers(withGap, 8)).isTrue();
        assertThat(ProjectionProgress.covers(withGap, 7)).isFalse();
        assertThat(ProjectionProgress.covers(withGap, 11)).isFalse();
        assertThat(ProjectionProgress.covers(null, 1)).isFalse();
    }

    @Test
    void countsTheReplayedPositionDuringAReplay() {
        TrackingToken replaying = ReplayToken.createReplayToken(at(20), at(5));

        assertThat(ProjectionProgress.covers(replaying, 5)).isTrue();
        assertThat(ProjectionProgress.covers(replaying, 6)).isFalse();
    }

    @Test
    void holdsReadersBackAtTheStartOfAReplayWhateverTheTokenHadReachedBefore() {
        TrackingToken justReset = ReplayToken.createReplayToken(at(20), null);

        assertThat(ProjectionProgress.covers(justReset, 1)).isFalse();
    }

    @Test
    void aReplayIsReadAsTheReplayedPositionFromTheTokenTableToo() {
        tokenStore.initializeTokenSegments(PROCESSOR, 2);
        store(0, ReplayToken.createReplayToken(at(20), at(12)));
        store(1, ReplayToken.createReplayToken(at(20), at(15)));

        assertThat(progress.hasApplied(PROCESSOR, 12)).isTrue();
        assertThat(progress.hasApplied(PROCESSOR, 13)).isFalse();
        assertThat(progress.tokens(PROCESSOR)).extracting(ProjectionProgress.SegmentToken::token)
                .allSatisfy(token -> assertThat(token).isInstanceOf(ReplayToken.class));
    }

    @Test
    void reportsItsOwnRunningSegmentsWhereTheyStandAndTheOthersAsCommitted() {
        tokenStore.initializeTokenSegments(PROCESSOR, 2);
        store(0, at(3));
        store(1, at(4));
        running.put(1, at(9));

        assertThat(progress.current(PROCESSOR)).extracting(ProjectionProgress.SegmentToken::token)
                .containsExactly(at(3), at(9));
    }

    @Test
    void namesTheProcessThatClaimsASegment() {
        tokenStore.initializeTokenSegments(PROCESSOR, 2);
        tokenStore.fetchToken(PROCESSOR, 1);

        assertThat(progress.tokens(PROCESSOR)).extracting(ProjectionProgress.SegmentToken::owner)
                .containsExactly(null, "processor-node");
    }

    @Test
    void keepsAReplaysContextThroughTheTokenTable() {
        tokenStore.initializeTokenSegments(PROCESSOR, 1);
        store(0, ReplayToken.createReplayToken(at(20), null, "replay"));

        assertThat(progress.tokens(PROCESSOR)).singleElement().satisfies(segment ->
                assertThat(ReplayToken.replayContext(segment.token(), String.class)).contains("replay"));
    }

    @Test
    void aReplayThisProcessRunsIsStillAReplayAfterItsFirstEvents() {
        TrackingToken replaying = ReplayToken.createReplayToken(at(20), at(5), "replay");

        Map<Integer, TrackingToken> own = ProjectionProgress.tokensOf(
                Map.of(0, new TrackerStatus(Segment.ROOT_SEGMENT, replaying)));

        assertThat(own.get(0)).isEqualTo(replaying);
        assertThat(ReplayToken.replayContext(own.get(0), String.class)).contains("replay");
    }
}
