package dev.accounts.command.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.stereotype.Component;

/**
 * Puts the audit metadata on every command as it is sent (Axon's Spring Boot support registers it with the command
 * gateway); {@link AuditMetadataConfiguration} then copies it onto every event the command produces.
 *
 * <p>The actor is the authenticated caller, or {@code cli} for an operator's command; otherwise the one the
 * sending service chose for a caller who is not logged in (the account itself for a sign-up or a login, or
 * {@code anonymous} for a refused login); otherwise {@code system}. The correlation id is the request's, and the
 * client's address and user agent come with an HTTP request.
 */
@Component
class AuditDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> command.andMetaData(metadataFor(command, Origin.current()));
    }

    static Map<String, String> metadataFor(CommandMessage<?> command, Optional<Origin> origin) {
        Map<String, String> metadata = new HashMap<>();
        Object chosen = command.getMetaData().get(AuditMetadata.ACTOR);
        metadata.put(AuditMetadata.ACTOR, origin.flatMap(Origin::actor)
                .orElse(chosen != null ? chosen.toString() : AuditMetadata.SYSTEM));
        origin.ifPresent(from -> {
            putIfPresent(metadata, AuditMetadata.CORRELATION_ID, from.correlationId());
            putIfPresent(metadata, AuditMetadata.CLIENT_ADDRESS, from.clientAddress());
            putIfPresent(metadata, AuditMetadata.USER_AGENT, from.userAgent());
        });
        return metadata;
    }

    private static void putIfPresent(Map<String, String> metadata, String key, String value) {
        if (value != null && !value.isBlank()) {
            metadata.put(key, value);
        }
    }
}
