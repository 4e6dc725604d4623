package dev.accounts.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

/**
 * Which audit metadata a command gets as it is sent, from the origin bound to the sending thread, and which of it
 * the command's events carry.
 */
class AuditMetadataTest {

    private static final String CALLER = UUID.randomUUID().toString();
    private static final String ACCOUNT = UUID.randomUUID().toString();

    private final AuditDispatchInterceptor interceptor = new AuditDispatchInterceptor();
    private final AuditMetadataConfiguration configuration = new AuditMetadataConfiguration();

    private static CommandMessage<?> command(Map<String, String> metadata) {
        return GenericCommandMessage.asCommandMessage("a command").andMetaData(metadata);
    }

    private MetaData sent(CommandMessage<?> command) {
        return interceptor.handle(command).getMetaData();
    }

    private Map<String, Object> eventMetadataOf(CommandMessage<?> command) {
        Map<String, Object> metadata = new java.util.HashMap<>();
        metadata.putAll(configuration.messageOriginProvider().correlationDataFor(command));
        metadata.putAll(configuration.actorProvider().correlationDataFor(command));
        return metadata;
    }

    @Test
    void anAuthenticatedCallerIsTheActorWhateverTheServiceChose() {
        Origin request = Origin.request("request-1", "10.0.0.7", "curl/8.5", () -> Optional.of(CALLER));

        MetaData metadata;
        try (Origin.Scope bound = request.bind()) {
            metadata = sent(command(Map.of(AuditMetadata.ACTOR, AuditMetadata.ANONYMOUS)));
        }

        assertThat(metadata).containsEntry("actor", CALLER).containsEntry("correlation_id", "request-1")
                .containsEntry("client_address", "10.0.0.7").containsEntry("user_agent", "curl/8.5");
    }

    @Test
    void aCallerWhoIsNotLoggedInIsWhomTheServiceNames() {
        Origin request = Origin.request("request-2", "10.0.0.7", null, Optional::empty);

        try (Origin.Scope bound = request.bind()) {
            assertThat(sent(command(Map.of(AuditMetadata.ACTOR, ACCOUNT)))).containsEntry("actor", ACCOUNT)
                    .doesNotContainKey("user_agent");
            assertThat(sent(command(Map.of(AuditMetadata.ACTOR, AuditMetadata.ANONYMOUS))))
                    .containsEntry("actor", "anonymous");
        }
    }

    @Test
    void theCommandLineIsTheActorWithOneCorrelationIdAndNoClient() {
        MetaData first;
        MetaData second;
        try (Origin.Scope bound = Origin.commandLine().bind()) {
            first = sent(command(Map.of(AuditMetadata.ACTOR, ACCOUNT)));
            second = sent(command(Map.of()));
        }

        assertThat(first).containsEntry("actor", "cli").containsKey("correlation_id")
                .doesNotContainKeys("client_address", "user_agent");
        assertThat(second.get("correlation_id")).isEqualTo(first.get("correlation_id"));
    }

    @Test
    void withoutAnOriginTheServiceActsOnItsOwn() {
        assertThat(sent(command(Map.of()))).containsOnlyKeys("actor").containsEntry("actor", "system");
        assertThat(sent(command(Map.of(AuditMetadata.ACTOR, ACCOUNT)))).containsEntry("actor", ACCOUNT);
    }

    @Test
    void closingABindingRestoresTheOriginBoundBefore() {
        try (Origin.Scope outer = Origin.commandLine().bind()) {
            try (Origin.Scope inner = Origin.request("inner", "::1", null, Optional::empty).bind()) {
                assertThat(sent(command(Map.of()))).containsEntry("correlation_id", "inner");
            }
            assertThat(sent(command(Map.of()))).containsEntry("actor", "cli");
        }
        assertThat(sent(command(Map.of()))).containsEntry("actor", "system");
    }

    @Test
    void eventsCarryTheRequestAsCorrelationAndTheCommandAsCausationAndNothingElse() {
        CommandMessage<?> command = command(Map.of("actor", CALLER, "correlation_id", "request-3",
                "client_address", "10.0.0.7", "user_agent", "curl/8.5", "idempotency_key", "key-1",
                "request_fingerprint", "abc"));

        assertThat(eventMetadataOf(command)).containsOnly(Map.entry("actor", CALLER),
                Map.entry("correlation_id", "request-3"), Map.entry("causation_id", command.getIdentifier()),
                Map.entry("client_address", "10.0.0.7"), Map.entry("user_agent", "curl/8.5"));
        assertThat(AuditMetadata.KEYS).containsExactlyInAnyOrderElementsOf(eventMetadataOf(command).keySet());
    }

    @Test
    void aCommandWithoutACorrelationIdStartsItsOwnChain() {
        CommandMessage<?> command = command(Map.of("actor", "system"));

        assertThat(eventMetadataOf(command)).containsEntry("correlation_id", command.getIdentifier())
                .containsEntry("causation_id", command.getIdentifier());
    }
}
