package dev.accounts.command.user;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The set of active superusers, one row each, written in the command's transaction. Removing one locks every
 * row first, so of two concurrent removals the second sees the first's effect, across processes too: the last
 * active superuser can never be removed.
 */
@Component
public class SuperuserSeats {

    private final JdbcClient jdbc;

    public SuperuserSeats(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The account is now an active superuser. Idempotent. */
    public void take(UUID userId) {
        jdbc.sql("DELETE FROM superuser_seat WHERE user_id = ?").param(userId.toString()).update();
        jdbc.sql("INSERT INTO superuser_seat (user_id) VALUES (?)").param(userId.toString()).update();
    }

    /**
     * The account stops being an active superuser.
     *
     * @throws LastSuperuser when it is the only one left; the caller's transaction must roll back
     */
    public void release(UUID userId) {
        List<String> seats = jdbc.sql("SELECT user_id FROM superuser_seat ORDER BY user_id FOR UPDATE")
                .query(String.class).list();
        if (seats.contains(userId.toString()) && seats.size() <= 1) {
            throw new LastSuperuser();
        }
        jdbc.sql("DELETE FROM superuser_seat WHERE user_id = ?").param(userId.toString()).update();
    }

    /** How many active superusers there are. */
    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM superuser_seat").query(Long.class).single();
    }
}
