package dev.accounts.query.users;

import dev.accounts.events.EmailChanged;
import dev.accounts.events.ProfileChanged;
import dev.accounts.events.StaffGranted;
import dev.accounts.events.StaffRevoked;
import dev.accounts.events.SuperuserCreated;
import dev.accounts.events.SuperuserGranted;
import dev.accounts.events.SuperuserRevoked;
import dev.accounts.events.UserActivated;
import dev.accounts.events.UserDeactivated;
import dev.accounts.events.UserEvent;
import dev.accounts.events.UserLoggedIn;
import dev.accounts.events.UserRegistered;
import dev.accounts.events.UsernameChanged;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * The read model's rules: what each public event makes of a user as readers see them. The users projection writes
 * these changes to its table ({@link UserProjection}); the history folds them in memory to show a user as they were
 * at a given time ({@link #apply}). One set of rules for both, so the two cannot disagree.
 */
public final class UserChanges {

    /** What an event may set on an account readers see. */
    enum Field { EMAIL, USERNAME, FIRST_NAME, LAST_NAME, ACTIVE, STAFF, SUPERUSER, LAST_LOGIN }

    /** What an event sets on an existing account: fields to their new values, in {@link Field} order; none for most. */
    record Update(UUID userId, Map<Field, Object> values) {

        Update {
            Map<Field, Object> ordered = new EnumMap<>(Field.class);
            ordered.putAll(values);
            values = Collections.unmodifiableMap(ordered);
        }

        User applyTo(User user) {
            return new User(user.id(), (String) value(Field.EMAIL, user.email()),
                    (String) value(Field.USERNAME, user.username()), (String) value(Field.FIRST_NAME, user.firstName()),
                    (String) value(Field.LAST_NAME, user.lastName()), (Boolean) value(Field.ACTIVE, user.active()),
                    (Boolean) value(Field.STAFF, user.staff()), (Boolean) value(Field.SUPERUSER, user.superuser()),
                    user.dateJoined(), (Instant) value(Field.LAST_LOGIN, user.lastLogin()));
        }

        private Object value(Field field, Object current) {
            return values.containsKey(field) ? values.get(field) : current;
        }
    }

    private UserChanges() {
    }

    /**
     * The account a creation event opens, or null for any other event. Every new account is active, and staff only
     * as a superuser; names are never null.
     */
    static User opened(UserEvent event, Instant occurred) {
        if (event instanceof UserRegistered registered) {
            return new User(registered.userId(), registered.email(), registered.username(), text(registered.firstName()),
                    text(registered.lastName()), true, false, false, occurred, null);
        }
        if (event instanceof SuperuserCreated created) {
            return new User(created.userId(), created.email(), created.username(), text(created.firstName()),
                    text(created.lastName()), true, true, true, occurred, null);
        }
        return null;
    }

    /**
     * What an event changes on an existing account. A creation event changes nothing on an account that exists,
     * and {@code LoginFailed}, {@code AccountLocked} and {@code PasswordChanged} change nothing readers see.
     */
    static Update update(UserEvent event, Instant occurred) {
        Map<Field, Object> values = new EnumMap<>(Field.class);
        if (event instanceof UserLoggedIn) {
            values.put(Field.LAST_LOGIN, occurred);
        } else if (event instanceof ProfileChanged profile) {
            values.put(Field.FIRST_NAME, text(profile.firstName()));
            values.put(Field.LAST_NAME, text(profile.lastName()));
        } else if (event instanceof EmailChanged email) {
            values.put(Field.EMAIL, email.email());
        } else if (event instanceof UsernameChanged username) {
            values.put(Field.USERNAME, username.username());
        } else if (event instanceof UserDeactivated || event instanceof UserActivated) {
            values.put(Field.ACTIVE, event instanceof UserActivated);
        } else if (event instanceof StaffGranted || event instanceof StaffRevoked) {
            values.put(Field.STAFF, event instanceof StaffGranted);
        } else if (event instanceof SuperuserGranted || event instanceof SuperuserRevoked) {
            values.put(Field.SUPERUSER, event instanceof SuperuserGranted);
        }
        return new Update(event.userId(), values);
    }

    /**
     * A user after one more of their events, taken in log order, as the projection's row would be: {@code null}
     * (no account yet) until a creation event opens it.
     */
    public static User apply(User user, UserEvent event, Instant occurred) {
        return user == null ? opened(event, occurred) : update(event, occurred).applyTo(user);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
