package dev.accounts.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Pins the JSON form of every public event: a change to the contract must fail here first. */
class EventContractTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID ID = UUID.fromString("0b6a1f5e-3c1d-4f6e-9a57-2f1c9d7e8a10");

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of(new UserRegistered(ID, "ada@example.com", "ada", "Ada", "Lovelace"),
                        "contract/UserRegistered.v1.json", "1"),
                Arguments.of(new SuperuserCreated(ID, "root@example.com", "root", "", ""),
                        "contract/SuperuserCreated.v1.json", "1"),
                Arguments.of(new UserLoggedIn(ID), "contract/UserLoggedIn.v1.json", "1"),
                Arguments.of(new LoginFailed(ID, "wrong_password", 3), "contract/LoginFailed.v1.json", "1"),
                Arguments.of(new AccountLocked(ID, Instant.parse("2026-01-02T03:04:05Z")),
                        "contract/AccountLocked.v1.json", "1"),
                Arguments.of(new ProfileChanged(ID, "Ada", "King"), "contract/ProfileChanged.v1.json", "1"),
                Arguments.of(new EmailChanged(ID, "ada.king@example.com"), "contract/EmailChanged.v1.json", "1"),
                Arguments.of(new UsernameChanged(ID, "ada.king"), "contract/UsernameChanged.v1.json", "1"),
                Arguments.of(new PasswordChanged(ID), "contract/PasswordChanged.v1.json", "1"),
                Arguments.of(new UserDeactivated(ID), "contract/UserDeactivated.v1.json", "1"),
                Arguments.of(new UserActivated(ID), "contract/UserActivated.v1.json", "1"),
                Arguments.of(new StaffGranted(ID), "contract/StaffGranted.v1.json", "1"),
                Arguments.of(new StaffRevoked(ID), "contract/StaffRevoked.v1.json", "1"),
                Arguments.of(new SuperuserGranted(ID), "contract/SuperuserGranted.v1.json", "1"),
                Arguments.of(new SuperuserRevoked(ID), "contract/SuperuserRevoked.v1.json", "1"));
    }

    @Test
    void pinsEveryPublicEvent() {
        Set<Class<?>> pinned = events().map(arguments -> arguments.get()[0].getClass()).collect(Collectors.toSet());

        assertThat(pinned).containsExactlyInAnyOrder(UserEvent.class.getPermittedSubclasses());
    }

    @Test
    void noPublicEventCarriesASecret() {
        for (Class<?> event : UserEvent.class.getPermittedSubclasses()) {
            assertThat(event.getRecordComponents()).extracting(RecordComponent::getName)
                    .as("fields of %s", event.getSimpleName())
                    .noneMatch(name -> name.toLowerCase(Locale.ROOT).matches(".*(password|hash|token|secret|key).*"));
        }
    }

    @ParameterizedTest
    @MethodSource("events")
    void serializesToThePinnedJsonForm(UserEvent event, String pinned, String revision) throws IOException {
        JsonNode expected = JSON.readTree(resource(pinned));

        assertThat(JSON.readTree(JSON.writeValueAsString(event))).isEqualTo(expected);
        assertThat(JSON.writeValueAsString(event)).isEqualTo(JSON.writeValueAsString(expected));
    }

    @ParameterizedTest
    @MethodSource("events")
    void readsThePinnedJsonFormBack(UserEvent event, String pinned, String revision) throws IOException {
        assertThat(JSON.readValue(resource(pinned), event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("events")
    void carriesItsRevision(UserEvent event, String pinned, String revision) {
        EventRevision annotation = event.getClass().getAnnotation(EventRevision.class);

        assertThat(annotation).as("@EventRevision on %s", event.getClass().getSimpleName()).isNotNull();
        assertThat(annotation.value()).isEqualTo(revision);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EventContractTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
