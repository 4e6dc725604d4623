package dev.accounts.events.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.accounts.events.UserEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checked-in JSON Schema of each public event is the one its record generates, and a change to a record never
 * breaks the schema of its revision backwards (see {@link SchemaCompatibility}).
 *
 * <p>{@code -Dschemas.update=true} rewrites the schemas that changed compatibly and writes missing ones; it
 * never overwrites a schema with an incompatible one: that needs a new revision and an upcaster.
 */
class EventSchemaTest {

    static final String REGENERATE =
            "./mvnw -o -q test -pl shared-events -Dtest=EventSchemaTest -Dschemas.update=true";

    private static final boolean UPDATE = Boolean.getBoolean("schemas.update");
    private static final Pattern SCHEMA_FILE = Pattern.compile("(\\w+)\\.v(\\d+)\\.schema\\.json");

    static Stream<Class<?>> events() {
        return Arrays.stream(UserEvent.class.getPermittedSubclasses());
    }

    @ParameterizedTest
    @MethodSource("events")
    void checkedInSchemaIsTheOneTheRecordGenerates(Class<?> event) throws IOException {
        String generated = EventSchemas.print(EventSchemas.generate(event));
        Path file = EventSchemas.DIRECTORY.resolve(EventSchemas.fileName(event));

        if (Files.notExists(file)) {
            if (UPDATE) {
                write(file, generated);
                return;
            }
            fail("%s has no checked-in schema at revision %s (%s). Run: %s, then review and commit it.",
                    event.getSimpleName(), EventSchemas.revision(event), file, REGENERATE);
        }
        String checkedIn = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(SchemaCompatibility.breakingChanges(EventSchemas.parse(checkedIn), EventSchemas.parse(generated)))
                .as("%s no longer matches its checked-in schema at revision %s backwards. Undo the change, or make it "
                        + "a new revision with an upcaster (shared-events/README.md, \"Making a breaking change\")",
                        event.getSimpleName(), EventSchemas.revision(event))
                .isEmpty();
        if (!checkedIn.equals(generated)) {
            if (UPDATE) {
                write(file, generated);
                return;
            }
            fail("%s is out of date with %s (a compatible change). Run: %s, then review and commit it.",
                    file, event.getName(), REGENERATE);
        }
    }

    @Test
    void revisionsAreWholeNumbersFromOne() {
        assertThat(events()).allSatisfy(event -> assertThat(EventSchemas.revision(event))
                .as("@EventRevision of %s", event.getSimpleName()).matches("[1-9]\\d*"));
    }

    /** A schema file stays when its event moves to a new revision: it describes the events stored at the old one. */
    @Test
    void everyEarlierRevisionKeepsItsSchema() {
        assertThat(events()).allSatisfy(event -> {
            int current = Integer.parseInt(EventSchemas.revision(event));
            for (int revision = 1; revision < current; revision++) {
                assertThat(EventSchemas.DIRECTORY.resolve(EventSchemas.fileName(event.getSimpleName(), "" + revision)))
                        .as("the schema of %s at revision %d (%s)", event.getSimpleName(), revision, REGENERATE)
                        .exists();
            }
        });
    }

    @Test
    void everySchemaFileNamesAPublicEventAtOneOfItsRevisions() throws IOException {
        Map<String, Class<?>> bySimpleName = events().collect(Collectors.toMap(Class::getSimpleName, Function.identity()));
        List<Path> files;
        try (Stream<Path> listing = Files.list(EventSchemas.DIRECTORY)) {
            files = listing.toList();
        }

        assertThat(files).isNotEmpty().allSatisfy(file -> {
            Matcher name = SCHEMA_FILE.matcher(file.getFileName().toString());
            assertThat(name.matches()).as("%s is named <Event>.v<revision>.schema.json", file).isTrue();
            assertThat(bySimpleName).as("the event of %s", file).containsKey(name.group(1));
            assertThat(Integer.parseInt(name.group(2))).as("the revision of %s", file)
                    .isBetween(1, Integer.parseInt(EventSchemas.revision(bySimpleName.get(name.group(1)))));
        });
    }

    private static void write(Path file, String schema) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, schema, StandardCharsets.UTF_8);
        System.out.println("wrote " + file);
    }
}
