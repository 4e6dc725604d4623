package dev.accounts.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** {@link FastBearerTokenResolver} reads or rejects every request as Spring Security's default resolver does. */
class FastBearerTokenResolverTest {

    private static final String JWT = "eyJraWQiOiJrMSIsInR5cCI6ImF0K2p3dCIsImFsZyI6IkVTMjU2In0"
            + ".eyJzdWIiOiIxMjMifQ.MEUCIQDx-_abc~+/";

    private final BearerTokenResolver fast = new FastBearerTokenResolver();
    private final BearerTokenResolver standard = new DefaultBearerTokenResolver();

    @Test
    void sameAnswerForEveryHeader() {
        List<String> headers = List.of("Bearer " + JWT, "bearer " + JWT, "BEARER " + JWT, "Bearer " + JWT + "==",
                "Bearer abc=def", "Bearer ", "Bearer", "Bearer  " + JWT, "Bearer " + JWT + " ", "Bearer " + JWT + "\n",
                "Bearer a b", "Bearer é", "Basic dXNlcjpwYXNz", "Token " + JWT, "", "Bearer =", "Bearer a=b=",
                "Bearer\t" + JWT, "Bearerx " + JWT);
        for (String header : headers) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/users/me");
            request.addHeader("Authorization", header);
            assertThat(outcome(fast, request)).as("[%s]", header).isEqualTo(outcome(standard, request));
        }
    }

    @Test
    void noHeaderIsNoToken() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/users/me");
        request.setParameter("access_token", JWT);
        assertThat(fast.resolve(request)).isNull();
        assertThat(outcome(fast, request)).isEqualTo(outcome(standard, request));
    }

    @Test
    void theTokenItself() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/users/me");
        request.addHeader("Authorization", "Bearer " + JWT);
        assertThat(fast.resolve(request)).isEqualTo(JWT);
    }

    private static String outcome(BearerTokenResolver resolver, MockHttpServletRequest request) {
        try {
            return "token " + resolver.resolve(request);
        } catch (OAuth2AuthenticationException rejected) {
            return "rejected " + rejected.getError().getErrorCode() + ": " + rejected.getError().getDescription();
        }
    }
}
