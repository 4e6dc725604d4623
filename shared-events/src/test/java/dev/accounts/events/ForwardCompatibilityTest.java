package dev.accounts.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A subscriber built against this version of the contract keeps reading events that gained a field since, with
 * Jackson 3 or Jackson 2 (whose default fails on an unknown property), as the compatibility promise says.
 */
class ForwardCompatibilityTest {

    private static final JsonMapper JACKSON_3 = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final ObjectMapper JACKSON_2 = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .addModule(new JavaTimeModule()).build();

    static Stream<Class<?>> events() {
        return Arrays.stream(UserEvent.class.getPermittedSubclasses());
    }

    @ParameterizedTest
    @MethodSource("events")
    void readsAnEventThatGainedAField(Class<?> event) throws IOException {
        String pinned = pinned(event);
        String withAFieldAddedLater = pinned.replaceFirst("^\\{", "{\"added_later\":{\"any\":[1,\"shape\"]},");
        Object expected = JACKSON_3.readValue(pinned, event);

        assertThat(JACKSON_3.readValue(withAFieldAddedLater, event)).isEqualTo(expected);
        assertThat(JACKSON_2.readValue(withAFieldAddedLater, event)).isEqualTo(expected);
    }

    private static String pinned(Class<?> event) throws IOException {
        String name = "contract/" + event.getSimpleName() + ".v" + event.getAnnotation(EventRevision.class).value() + ".json";
        try (InputStream in = ForwardCompatibilityTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
