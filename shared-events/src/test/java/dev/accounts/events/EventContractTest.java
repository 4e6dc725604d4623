package dev.accounts.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;
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
                        "contract/SuperuserCreated.v1.json", "1"));
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
