package dev.accounts.query.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A page of users, as Django REST framework's page-number pagination answers it. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record UserPageView(
        @JsonProperty("count") long count,
        @JsonProperty("next") String next,
        @JsonProperty("previous") String previous,
        @JsonProperty("results") List<UserView> results) {
}
