package dev.accounts.events.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import dev.accounts.events.EventRevision;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generates the JSON Schema of a public event from its record, as Jackson writes it: snake_case names from
 * {@code @JsonProperty}, properties in {@code @JsonPropertyOrder}, {@code uuid} and {@code date-time} formats.
 *
 * <p>A property is required when Jackson always writes it, which for a record component is unless it (or its
 * record) says {@code @JsonInclude} with anything but {@code ALWAYS}: that is how a field added to a revision
 * is marked optional, since events stored before it lack it.
 */
public final class EventSchemas {

    /** Where the schemas are checked in: inside the jar too, under {@code schemas/}. */
    public static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."), "src", "main", "resources", "schemas");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final SchemaGenerator GENERATOR = generator();

    private EventSchemas() {
    }

    public static JsonNode generate(Class<?> event) {
        return GENERATOR.generateSchema(event);
    }

    /** The schema as it is checked in: two-space indentation, a final newline. */
    public static String print(JsonNode schema) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(schema) + "\n";
    }

    public static JsonNode parse(String schema) {
        return JSON.readTree(schema);
    }

    /** {@code UserRegistered.v1.schema.json} for revision 1 of {@code UserRegistered}. */
    public static String fileName(Class<?> event) {
        return fileName(event.getSimpleName(), revision(event));
    }

    public static String fileName(String event, String revision) {
        return event + ".v" + revision + ".schema.json";
    }

    public static String revision(Class<?> event) {
        EventRevision revision = event.getAnnotation(EventRevision.class);
        if (revision == null) {
            throw new IllegalArgumentException(event.getName() + " has no @EventRevision");
        }
        return revision.value();
    }

    private static SchemaGenerator generator() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_ORDER))
                .with(Option.EXTRA_OPEN_API_FORMAT_VALUES);
        config.forFields().withRequiredCheck(EventSchemas::alwaysWritten);
        config.forTypesInGeneral()
                .withTitleResolver(scope -> isEvent(scope.getType().getErasedType())
                        ? scope.getType().getErasedType().getSimpleName() : null)
                .withDescriptionResolver(scope -> isEvent(scope.getType().getErasedType())
                        ? "The JSON form of " + scope.getType().getErasedType().getName() + " at revision "
                                + revision(scope.getType().getErasedType()) + "." : null);
        return new SchemaGenerator(config.build());
    }

    private static boolean isEvent(Class<?> type) {
        return type.isAnnotationPresent(EventRevision.class);
    }

    private static boolean alwaysWritten(FieldScope field) {
        JsonInclude own = field.getAnnotationConsideringFieldAndGetter(JsonInclude.class);
        JsonInclude record = field.getDeclaringType().getErasedType().getAnnotation(JsonInclude.class);
        return writesEveryValue(own != null ? own : record);
    }

    private static boolean writesEveryValue(JsonInclude include) {
        return include == null
                || include.value() == JsonInclude.Include.ALWAYS
                || include.value() == JsonInclude.Include.USE_DEFAULTS;
    }
}
