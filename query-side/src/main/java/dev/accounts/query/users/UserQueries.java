package dev.accounts.query.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads the users projection. Plain SQL that runs on PostgreSQL and H2 alike. */
@Component
public class UserQueries {

    private static final String COLUMNS = "id, email, username, first_name, last_name, is_active, is_staff,"
            + " is_superuser, date_joined, last_login";
    private static final List<String> SEARCHED = List.of("email", "username", "first_name", "last_name");

    private final JdbcClient jdbc;

    public UserQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One page of users, and how many match in all. */
    public record Page(long count, List<User> users) {
    }

    public Optional<User> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id").param("id", id)
                .query(UserQueries::user).optional();
    }

    public Page search(UserSearch search) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> conditions = new ArrayList<>();
        for (String term : search.terms()) {
            String name = "term" + params.size();
            params.put(name, "%" + escapeLike(term.toLowerCase(Locale.ROOT)) + "%");
            conditions.add(SEARCHED.stream().map(column -> "LOWER(" + column + ") LIKE :" + name + " ESCAPE '\\'")
                    .collect(Collectors.joining(" OR ", "(", ")")));
        }
        flag(conditions, params, "is_active", search.active());
        flag(conditions, params, "is_staff", search.staff());
        flag(conditions, params, "is_superuser", search.superuser());
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);

        long count = jdbc.sql("SELECT COUNT(*) FROM users" + where).params(params).query(Long.class).single();
        if (search.offset() >= count) {
            return new Page(count, List.of());
        }
        List<User> users = jdbc.sql("SELECT " + COLUMNS + " FROM users" + where + orderBy(search.ordering())
                        + " LIMIT :limit OFFSET :offset")
                .params(params).param("limit", search.pageSize()).param("offset", search.offset())
                .query(UserQueries::user).list();
        return new Page(count, users);
    }

    private static void flag(List<String> conditions, Map<String, Object> params, String column, Boolean value) {
        if (value != null) {
            conditions.add(column + " = :" + column);
            params.put(column, value);
        }
    }

    /**
     * The ORDER BY clause, from whitelisted columns only. Nulls sort last ascending and first descending on
     * both databases (H2's default differs), and the id breaks ties so that pages never overlap.
     */
    static String orderBy(List<UserSearch.Order> ordering) {
        List<String> keys = new ArrayList<>();
        for (UserSearch.Order order : ordering.isEmpty() ? UserSearch.DEFAULT_ORDERING : ordering) {
            keys.add(order.field().column() + (order.descending() ? " DESC NULLS FIRST" : " ASC NULLS LAST"));
        }
        if (ordering.stream().noneMatch(order -> order.field() == UserSearch.Field.ID)) {
            keys.add("id ASC");
        }
        return " ORDER BY " + String.join(", ", keys);
    }

    private static String escapeLike(String term) {
        return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static User user(ResultSet row, int rowNumber) throws SQLException {
        return new User(row.getObject("id", UUID.class), row.getString("email"), row.getString("username"),
                row.getString("first_name"), row.getString("last_name"), row.getBoolean("is_active"),
                row.getBoolean("is_staff"), row.getBoolean("is_superuser"),
                instant(row.getObject("date_joined", OffsetDateTime.class)),
                instant(row.getObject("last_login", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
