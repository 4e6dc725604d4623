package dev.accounts.command.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.accounts.command.user.AccountCommands.AccountCommand;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

class AccountCommandTargetsTest {

    private final AccountCommandTargets targets = new AccountCommandTargets();
    private final CommandTargetResolver annotations = AnnotationCommandTargetResolver.builder().build();

    @Test
    void everyAccountCommandGoesWhereItsAnnotationSays() throws Exception {
        Class<?>[] commands = AccountCommand.class.getPermittedSubclasses();
        assertThat(commands).hasSize(11);
        for (Class<?> type : commands) {
            UUID id = UUID.randomUUID();
            Object command = withUserId(type, id);
            VersionedAggregateIdentifier target = targets.resolveTarget(GenericCommandMessage.asCommandMessage(command));
            assertThat(target).as(type.getSimpleName())
                    .isEqualTo(annotations.resolveTarget(GenericCommandMessage.asCommandMessage(command)));
            assertThat(target.getIdentifier()).as(type.getSimpleName()).isEqualTo(id.toString());
            assertThat(target.getIdentifierValue()).as(type.getSimpleName()).isEqualTo(id);
            assertThat(target.getVersion()).as(type.getSimpleName()).isNull();
        }
    }

    @Test
    void anyOtherCommandIsResolvedFromItsAnnotations() {
        UUID id = UUID.randomUUID();
        RegisterUser register = new RegisterUser(id, new AccountDetails("ada@example.com", "ada", "", ""), "hash");
        assertThat(targets.resolveTarget(GenericCommandMessage.asCommandMessage(register)).getIdentifierValue())
                .isEqualTo(id);
    }

    /** The record with {@code userId} set and every other component null. */
    private static Object withUserId(Class<?> type, UUID id) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = Arrays.stream(components).map(c -> c.getName().equals("userId") ? id : null).toArray();
        Constructor<?> canonical = type.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        return canonical.newInstance(values);
    }
}
