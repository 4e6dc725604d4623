package dev.accounts.command.user;

import dev.accounts.command.audit.AuditMetadata;
import dev.accounts.command.idempotency.IdempotencyInterceptor;
import dev.accounts.command.idempotency.IdempotencyKeyReused;
import dev.accounts.command.idempotency.IdempotencyKeys;
import dev.accounts.command.idempotency.RequestAlreadyHandled;
import dev.accounts.command.password.PasswordHashing;
import dev.accounts.command.password.PasswordPolicy;
import dev.accounts.command.password.UserAttributes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Service;

/**
 * Opens accounts: the one path from the REST API and the CLI to the {@link User} aggregate. Checks
 * every rule, hashes the password (slow, and so before any transaction opens), then sends the command.
 */
@Service
public class Registrations {

    /** What kind of account to open. */
    public enum Kind { USER, SUPERUSER }

    /**
     * A request to open an account.
     *
     * @param checkPassword whether to apply the password validators (the CLI may bypass them, as Django's does)
     * @param actor who asks, for the audit trail when the caller is not logged in; {@code null} means the new
     *              account itself (self sign-up)
     * @param idempotencyKey the client's Idempotency-Key, or {@code null}
     */
    public record Application(AccountDetails details, String password, Kind kind, boolean checkPassword,
                              String actor, String idempotencyKey) {

        @Override
        public String toString() {
            return "Application[details=" + details + ", kind=" + kind + ", password=<redacted>]";
        }
    }

    /** An opened account, and the position a reader must reach to see it. */
    public record Opened(UUID userId, AccountDetails details, Kind kind, long eventPosition) {
    }

    private final CommandGateway commands;
    private final AccountClaims claims;
    private final PasswordPolicy passwordPolicy;
    private final PasswordHashing passwordHashing;
    private final IdempotencyKeys idempotencyKeys;
    private final EventPositions positions;

    public Registrations(CommandGateway commands, AccountClaims claims, PasswordPolicy passwordPolicy,
                         PasswordHashing passwordHashing, IdempotencyKeys idempotencyKeys, EventPositions positions) {
        this.commands = commands;
        this.claims = claims;
        this.passwordPolicy = passwordPolicy;
        this.passwordHashing = passwordHashing;
        this.idempotencyKeys = idempotencyKeys;
        this.positions = positions;
    }

    /**
     * Opens an account, or answers as the first request with the same Idempotency-Key was answered.
     *
     * @throws InvalidAccount when any field breaks a rule
     * @throws AlreadyTaken when the email or username belongs to another account
     * @throws IdempotencyKeyReused when the key came first with another request
     */
    public Opened open(Application application) {
        AccountDetails details = application.details().normalized();
        String fingerprint = fingerprint(application.kind(), details);
        String key = application.idempotencyKey();
        if (key != null) {
            Optional<Opened> earlier = earlierAnswer(key, fingerprint, details, application.kind());
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }

        Map<String, List<String>> faults = new LinkedHashMap<>(AccountRules.faults(details));
        List<String> passwordFaults = passwordFaults(application, details);
        if (!passwordFaults.isEmpty()) {
            faults.put("password", passwordFaults);
        }
        if (!faults.isEmpty()) {
            throw new InvalidAccount(faults);
        }

        // no "is it taken?" query first: the claim inside the command's transaction decides, and a taken
        // email costs the same hashing time as a free one
        String hash = passwordHashing.hash(application.password());
        UUID userId = UUID.randomUUID();
        NewAccountCommand command = application.kind() == Kind.SUPERUSER
                ? new CreateSuperuser(userId, details, hash)
                : new RegisterUser(userId, details, hash);
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(AuditMetadata.ACTOR, application.actor() != null ? application.actor() : userId.toString());
        if (key != null) {
            metadata.put(IdempotencyInterceptor.KEY, key);
            metadata.put(IdempotencyInterceptor.FINGERPRINT, fingerprint);
        }
        AccountOpening opening;
        try {
            opening = commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(metadata)));
        } catch (RequestAlreadyHandled concurrentRetry) {
            return earlierAnswer(key, fingerprint, details, application.kind()).orElseThrow(() -> concurrentRetry);
        } catch (AlreadyTaken taken) {
            // report every field taken now, as a form would (the embedded store's claim names only the first)
            List<String> fields = claims.taken(details.email(), details.username());
            throw fields.isEmpty() ? taken : new AlreadyTaken(fields);
        }
        // committed: nothing more is read, so nothing can fail between the commit and the answer
        return new Opened(userId, details, application.kind(), opening.position());
    }

    /** The faults of one email, for a prompt that asks field by field. */
    public List<String> emailFaults(String email) {
        return fieldFaults(new AccountDetails(email, "placeholder", "", ""), "email");
    }

    /** The faults of one username, for a prompt that asks field by field. */
    public List<String> usernameFaults(String username) {
        return fieldFaults(new AccountDetails("placeholder@example.com", username, "", ""), "username");
    }

    /** The password validators' messages for a password and the account it is for. */
    public List<String> passwordFaults(String password, AccountDetails details) {
        AccountDetails normalized = details.normalized();
        return passwordPolicy.check(password, new UserAttributes(normalized.email(), normalized.username(),
                normalized.firstName(), normalized.lastName()));
    }

    private List<String> fieldFaults(AccountDetails probe, String field) {
        AccountDetails details = probe.normalized();
        List<String> faults = AccountRules.faults(details).get(field);
        if (faults != null) {
            return faults;
        }
        List<String> taken = claims.taken("email".equals(field) ? details.email() : null,
                "username".equals(field) ? details.username() : null);
        return taken.contains(field) ? List.of("That " + field + " is already taken.") : List.of();
    }

    private List<String> passwordFaults(Application application, AccountDetails details) {
        String password = application.password();
        if (password == null || password.isEmpty()) {
            return List.of(AccountRules.REQUIRED);
        }
        List<String> notText = AccountRules.textFaults(password);
        if (!notText.isEmpty()) {
            return notText;
        }
        return application.checkPassword() ? passwordFaults(password, details) : List.of();
    }

    private Optional<Opened> earlierAnswer(String key, String fingerprint, AccountDetails details, Kind kind) {
        return idempotencyKeys.find(key).map(handled -> {
            if (!handled.fingerprint().equals(fingerprint)) {
                throw new IdempotencyKeyReused();
            }
            long position = handled.eventPosition() != null ? handled.eventPosition() : positions.latestOf(handled.userId());
            return new Opened(handled.userId(), details, kind, position);
        });
    }

    /**
     * What a request asked for, without its password: a fast digest of a password would be a secret at
     * rest, so a retry is matched on everything else.
     */
    private static String fingerprint(Kind kind, AccountDetails details) {
        String canonical = String.join("\u0000", kind.name(), String.valueOf(details.email()),
                String.valueOf(details.username()), details.firstName(), details.lastName());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
        }
    }
}
