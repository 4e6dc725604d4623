package dev.accounts.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which request ids a client may choose, and how much of a user agent is kept. */
class RequestIdFilterTest {

    private static final String UUID_FORM = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void keepsASaneRequestId() {
        assertThat(RequestIdFilter.requestId("req-42")).isEqualTo("req-42");
        assertThat(RequestIdFilter.requestId("trace 7/abc:def=1")).isEqualTo("trace 7/abc:def=1");
        assertThat(RequestIdFilter.requestId("x".repeat(128))).isEqualTo("x".repeat(128));
    }

    @Test
    void replacesAnyOtherWithANewUuid() {
        for (String insane : new String[] {null, "", "   ", "x".repeat(129), "caf\u00e9", "line\nbreak", "tab\there",
                "nul\u0000", "del\u007f"}) {
            assertThat(RequestIdFilter.requestId(insane)).as(String.valueOf(insane)).matches(UUID_FORM);
        }
        assertThat(RequestIdFilter.requestId(null)).isNotEqualTo(RequestIdFilter.requestId(null));
    }

    @Test
    void cutsALongUserAgent() {
        assertThat(RequestIdFilter.userAgent(null)).isNull();
        assertThat(RequestIdFilter.userAgent("curl/8.5")).isEqualTo("curl/8.5");
        assertThat(RequestIdFilter.userAgent("a".repeat(2000))).hasSize(RequestIdFilter.MAX_USER_AGENT);
    }
}
