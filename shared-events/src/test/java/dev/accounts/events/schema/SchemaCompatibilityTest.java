package dev.accounts.events.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of {@link SchemaCompatibility}, on small hand-made schema pairs: one that passes, one that fails. */
class SchemaCompatibilityTest {

    private static final String BEFORE = """
            {"type": "object",
             "properties": {"user_id": {"type": "string", "format": "uuid"}, "email": {"type": "string"}},
             "required": ["user_id", "email"]}""";

    @Test
    void sameSchemaIsCompatible() {
        assertThat(breaks(BEFORE, BEFORE)).isEmpty();
    }

    @Test
    void addingAnOptionalPropertyIsCompatible() {
        assertThat(breaks(BEFORE, """
                {"type": "object",
                 "properties": {"user_id": {"type": "string", "format": "uuid"}, "email": {"type": "string"},
                                "nickname": {"type": "string"}},
                 "required": ["user_id", "email"]}""")).isEmpty();
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
        assertThat(breaks(BEFORE, """
                {"type": "object",
                 "properties": {"user_id": {"type": "string", "format": "uuid"}},
                 "required": ["user_id"]}""")).containsExactly("property 'email' was removed or renamed");
    }

    @Test
    void renamingAPropertyBreaks() {
        assertThat(breaks(BEFORE, """
                {"type": "object",
                 "properties": {"user_id": {"type": "string", "format": "uuid"}, "email_address": {"type": "string"}},
                 "required": ["user_id", "email_address"]}""")).containsExactlyInAnyOrder(
                "property 'email' was removed or renamed",
                "property 'email_address' is newly required (a new property must be optional)");
    }

    @Test
    void renamingAPropertyBreaksEvenWhenTheNewNameIsOptional() {
        assertThat(breaks(BEFORE, """
                {"type": "object",
                 "properties": {"user_id": {"type": "string", "format": "uuid"}, "email_address": {"type": "string"}},
                 "required": ["user_id"]}""")).containsExactly("property 'email' was removed or renamed");
    }

    @Test
    void changingAPropertysTypeBreaks() {
        assertThat(breaks(BEFORE, """
                {"type": "object",
                 "properties": {"user_id": {"type": "string", "format": "uuid"}, "email": {"type": "integer"}},
                 "required": ["user_id", "email"]}""")).containsExactly(
                "property 'email' changed type from {\"type\":\"string\"} to {\"type\":\"integer\"}");
    }

    @Test
    void changingAPropertysFormatBreaks() {
        assertThat(breaks(BEFORE, """
                {"type": "object",
                 "properties": {"user_id": {"type": "string"}, "email": {"type": "string"}},
                 "required": ["user_id", "email"]}""")).containsExactly(
                "property 'user_id' changed type from {\"type\":\"string\",\"format\":\"uuid\"} to {\"type\":\"string\"}");
    }

    @Test
    void makingAPropertyNullableBreaks() {
        assertThat(breaks(BEFORE, """
                {"type": "object",
                 "properties": {"user_id": {"type": "string", "format": "uuid"}, "email": {"type": ["string", "null"]}},
                 "required": ["user_id", "email"]}""")).hasSize(1);
    }

    @Test
    void requiringAnOptionalPropertyBreaks() {
        String optionalEmail = """
                {"type": "object",
                 "properties": {"user_id": {"type": "string", "format": "uuid"}, "email": {"type": "string"}},
                 "required": ["user_id"]}""";

        assertThat(breaks(optionalEmail, BEFORE)).containsExactly("property 'email' is newly required");
    }

    @Test
    void addingARequiredPropertyBreaks() {
        assertThat(breaks(BEFORE, """
                {"type": "object",
                 "properties": {"user_id": {"type": "string", "format": "uuid"}, "email": {"type": "string"},
                                "nickname": {"type": "string"}},
                 "required": ["user_id", "email", "nickname"]}""")).containsExactly(
                "property 'nickname' is newly required (a new property must be optional)");
    }

    @Test
    void makingARequiredPropertyOptionalBreaks() {
        assertThat(breaks(BEFORE, """
                {"type": "object",
                 "properties": {"user_id": {"type": "string", "format": "uuid"}, "email": {"type": "string"}},
                 "required": ["user_id"]}""")).containsExactly("property 'email' is no longer required");
    }

    @Test
    void nestedObjectsFollowTheSameRules() {
        String before = """
                {"type": "object",
                 "properties": {"address": {"type": "object",
                                            "properties": {"city": {"type": "string"}}, "required": ["city"]}}}""";

        assertThat(breaks(before, """
                {"type": "object",
                 "properties": {"address": {"type": "object",
                                            "properties": {"city": {"type": "string"}, "zip": {"type": "string"}},
                                            "required": ["city"]}}}""")).isEmpty();
        assertThat(breaks(before, """
                {"type": "object",
                 "properties": {"address": {"type": "object",
                                            "properties": {"town": {"type": "string"}}, "required": ["town"]}}}"""))
                .containsExactlyInAnyOrder("property 'address.city' was removed or renamed",
                        "property 'address.town' is newly required (a new property must be optional)");
    }

    @Test
    void arrayItemsFollowTheSameRules() {
        String before = """
                {"type": "object", "properties": {"roles": {"type": "array", "items": {"type": "string"}}}}""";

        assertThat(breaks(before, """
                {"type": "object", "properties": {"roles": {"type": "array", "items": {"type": "string"},
                                                            "description": "the roles held"}}}""")).isEmpty();
        assertThat(breaks(before, """
                {"type": "object", "properties": {"roles": {"type": "array", "items": {"type": "integer"}}}}"""))
                .containsExactly("property 'roles[]' changed type from {\"type\":\"string\"} to {\"type\":\"integer\"}");
    }

    @Test
    void aChangeBehindAReferenceIsSeen() {
        String before = """
                {"type": "object", "properties": {"since": {"$ref": "#/$defs/Instant"}},
                 "$defs": {"Instant": {"type": "string", "format": "date-time"}}}""";

        assertThat(breaks(before, """
                {"type": "object", "properties": {"since": {"type": "string", "format": "date-time"}}}""")).isEmpty();
        assertThat(breaks(before, """
                {"type": "object", "properties": {"since": {"$ref": "#/$defs/Instant"}},
                 "$defs": {"Instant": {"type": "integer"}}}""")).hasSize(1);
    }

    @Test
    void forbiddingAdditionalPropertiesBreaks() {
        assertThat(breaks(BEFORE, """
                {"type": "object", "additionalProperties": false,
                 "properties": {"user_id": {"type": "string", "format": "uuid"}, "email": {"type": "string"}},
                 "required": ["user_id", "email"]}""")).hasSize(1);
    }

    private static List<String> breaks(String before, String after) {
        return SchemaCompatibility.breakingChanges(EventSchemas.parse(before), EventSchemas.parse(after));
    }
}
