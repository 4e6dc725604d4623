package dev.accounts.events.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each rule of {@link SchemaCompatibility}, on small hand-made schema pairs: one that passes, one that fails. */
class SchemaCompatibilityTest {

    private static final String USER_ID = "\"user_id\": {\"type\": \"string\", \"format\": \"uuid\"}";
    private static final String EMAIL = "\"email\": {\"type\": \"string\"}";

    /** {@code user_id} and {@code email}, both required: what each test changes. */
    private static final String BEFORE = object(USER_ID + ", " + EMAIL, "user_id", "email");
    private static final String OPTIONAL_EMAIL = object(USER_ID + ", " + EMAIL, "user_id");

    @Test
    void sameSchemaIsCompatible() {
        assertThat(breaks(BEFORE, BEFORE)).isEmpty();
    }

    @Test
    void addingAnOptionalPropertyIsCompatible() {
        assertThat(breaks(BEFORE, object(USER_ID + ", " + EMAIL + ", \"nickname\": {\"type\": \"string\"}",
                "user_id", "email"))).isEmpty();
    }

    @Test
    void changingTitlesAndDescriptionsIsCompatible() {
        assertThat(breaks(BEFORE, """
                {"type": "object", "title": "UserRegistered", "description": "A person signed up.",
                 "properties": {"user_id": {"type": "string", "format": "uuid", "description": "the account"},
                                "email": {"type": "string", "examples": ["ada@example.com"]}},
                 "required": ["email", "user_id"]}""")).isEmpty();
    }

    @Test
    void removingAPropertyBreaks() {
        assertThat(breaks(BEFORE, object(USER_ID, "user_id"))).containsExactly("property 'email' was removed or renamed");
    }

    @Test
    void renamingAPropertyBreaks() {
        assertThat(breaks(BEFORE, object(USER_ID + ", \"email_address\": {\"type\": \"string\"}", "user_id", "email_address")))
                .containsExactlyInAnyOrder("property 'email' was removed or renamed",
                        "property 'email_address' is newly required (a new property must be optional)");
    }

    @Test
    void renamingAPropertyBreaksEvenWhenTheNewNameIsOptional() {
        assertThat(breaks(BEFORE, object(USER_ID + ", \"email_address\": {\"type\": \"string\"}", "user_id")))
                .containsExactly("property 'email' was removed or renamed");
    }

    @Test
    void changingAPropertysTypeBreaks() {
        assertThat(breaks(BEFORE, object(USER_ID + ", \"email\": {\"type\": \"integer\"}", "user_id", "email")))
                .containsExactly("property 'email' changed type from {\"type\":\"string\"} to {\"type\":\"integer\"}");
    }

    @Test
    void changingAPropertysFormatBreaks() {
        assertThat(breaks(BEFORE, object("\"user_id\": {\"type\": \"string\"}, " + EMAIL, "user_id", "email")))
                .containsExactly("property 'user_id' changed type from {\"type\":\"string\",\"format\":\"uuid\"} "
                        + "to {\"type\":\"string\"}");
    }

    @Test
    void makingAPropertyNullableBreaks() {
        assertThat(breaks(BEFORE, object(USER_ID + ", \"email\": {\"type\": [\"string\", \"null\"]}", "user_id", "email")))
                .hasSize(1);
    }

    @Test
    void requiringAnOptionalPropertyBreaks() {
        assertThat(breaks(OPTIONAL_EMAIL, BEFORE)).containsExactly("property 'email' is newly required");
    }

    @Test
    void addingARequiredPropertyBreaks() {
        assertThat(breaks(BEFORE, object(USER_ID + ", " + EMAIL + ", \"nickname\": {\"type\": \"string\"}",
                "user_id", "email", "nickname")))
                .containsExactly("property 'nickname' is newly required (a new property must be optional)");
    }

    @Test
    void makingARequiredPropertyOptionalBreaks() {
        assertThat(breaks(BEFORE, OPTIONAL_EMAIL)).containsExactly("property 'email' is no longer required");
    }

    @Test
    void forbiddingAdditionalPropertiesBreaks() {
        assertThat(breaks(BEFORE, BEFORE.replaceFirst("\\{", "{\"additionalProperties\": false, "))).hasSize(1);
    }

    @Test
    void nestedObjectsFollowTheSameRules() {
        String before = object("\"address\": " + object("\"city\": {\"type\": \"string\"}", "city"));

        assertThat(breaks(before, object("\"address\": "
                + object("\"city\": {\"type\": \"string\"}, \"zip\": {\"type\": \"string\"}", "city")))).isEmpty();
        assertThat(breaks(before, object("\"address\": " + object("\"town\": {\"type\": \"string\"}", "town"))))
                .containsExactlyInAnyOrder("property 'address.city' was removed or renamed",
                        "property 'address.town' is newly required (a new property must be optional)");
    }

    @Test
    void arrayItemsFollowTheSameRules() {
        String before = object("\"roles\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}");

        assertThat(breaks(before, object("\"roles\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}, "
                + "\"description\": \"the roles held\"}"))).isEmpty();
        assertThat(breaks(before, object("\"roles\": {\"type\": \"array\", \"items\": {\"type\": \"integer\"}}")))
                .containsExactly("property 'roles[]' changed type from {\"type\":\"string\"} to {\"type\":\"integer\"}");
    }

    @Test
    void aChangeBehindAReferenceIsSeen() {
        String before = """
                {"type": "object", "properties": {"since": {"$ref": "#/$defs/Instant"}},
                 "$defs": {"Instant": {"type": "string", "format": "date-time"}}}""";

        assertThat(breaks(before, object("\"since\": {\"type\": \"string\", \"format\": \"date-time\"}"))).isEmpty();
        assertThat(breaks(before, before.replace("{\"type\": \"string\", \"format\": \"date-time\"}",
                "{\"type\": \"integer\"}"))).hasSize(1);
    }

    /** An object schema with these properties (JSON members) and required names. */
    private static String object(String properties, String... required) {
        return "{\"type\": \"object\", \"properties\": {" + properties + "}, \"required\": ["
                + Stream.of(required).map(name -> "\"" + name + "\"").collect(Collectors.joining(", ")) + "]}";
    }

    private static List<String> breaks(String before, String after) {
        return SchemaCompatibility.breakingChanges(EventSchemas.parse(before), EventSchemas.parse(after));
    }
}
