package dev.accounts.events.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tells whether a new JSON Schema of an event still describes what the old one promised, for readers of
 * events already stored and for subscribers written against the old schema alike.
 *
 * <p>Breaking, each reported with the property's path:
 * <ul>
 *   <li>a property removed (a rename is a removal and an addition);</li>
 *   <li>a property's type changed: its schema differs in anything but annotations ({@code type},
 *       {@code format}, {@code enum}, {@code items}, ...);</li>
 *   <li>a property newly required (events stored before it lack it), an existing one or a new one;</li>
 *   <li>a required property made optional (subscribers rely on it being there).</li>
 * </ul>
 * Adding an optional property, and changing titles, descriptions or examples, is compatible. Objects nested in
 * properties (and in array items) are compared by the same rules.
 */
public final class SchemaCompatibility {

    /** Keywords that describe a schema without constraining a document. */
    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "examples", "$comment", "$schema",
            "$id", "default", "deprecated");

    /** What {@link #compareObjects} compares property by property, and definitions, seen through references. */
    private static final String[] OBJECT_PARTS = {"properties", "required", "$defs", "definitions"};

    private SchemaCompatibility() {
    }

    /** What in {@code after} breaks the promise of {@code before}; empty when it is backward compatible. */
    public static List<String> breakingChanges(JsonNode before, JsonNode after) {
        List<String> breaks = new ArrayList<>();
        compare("", resolve(before, before), before, resolve(after, after), after, breaks);
        return breaks;
    }

    private static void compare(String path, JsonNode before, JsonNode beforeRoot, JsonNode after, JsonNode afterRoot,
                                List<String> breaks) {
        if (isObject(before) && isObject(after)) {
            compareObjects(path, before, beforeRoot, after, afterRoot, breaks);
        } else if (isArray(before) && isArray(after)) {
            compare(path + "[]", resolve(before.path("items"), beforeRoot), beforeRoot,
                    resolve(after.path("items"), afterRoot), afterRoot, breaks);
            if (!constraints(before, "items").equals(constraints(after, "items"))) {
                breaks.add(describe(path) + " changed type from " + constraints(before, "items")
                        + " to " + constraints(after, "items"));
            }
        } else if (!constraints(before).equals(constraints(after))) {
            breaks.add(describe(path) + " changed type from " + constraints(before) + " to " + constraints(after));
        }
    }

    private static void compareObjects(String path, JsonNode before, JsonNode beforeRoot, JsonNode after,
                                       JsonNode afterRoot, List<String> breaks) {
        if (!constraints(before, OBJECT_PARTS).equals(constraints(after, OBJECT_PARTS))) {
            breaks.add(describe(path) + " changed type from " + constraints(before, OBJECT_PARTS)
                    + " to " + constraints(after, OBJECT_PARTS));
        }
        JsonNode oldProperties = before.path("properties");
        JsonNode newProperties = after.path("properties");
        Set<String> oldRequired = required(before);
        Set<String> newRequired = required(after);
        for (String name : oldProperties.propertyNames()) {
            String property = path.isEmpty() ? name : path + "." + name;
            if (!newProperties.has(name)) {
                breaks.add("property '" + property + "' was removed or renamed");
                continue;
            }
            if (oldRequired.contains(name) && !newRequired.contains(name)) {
                breaks.add("property '" + property + "' is no longer required");
            }
            compare(property, resolve(oldProperties.get(name), beforeRoot), beforeRoot,
                    resolve(newProperties.get(name), afterRoot), afterRoot, breaks);
        }
        for (String name : newRequired) {
            if (!oldRequired.contains(name)) {
                String property = path.isEmpty() ? name : path + "." + name;
                breaks.add("property '" + property + "' is newly required"
                        + (oldProperties.has(name) ? "" : " (a new property must be optional)"));
            }
        }
    }

    private static String describe(String path) {
        return path.isEmpty() ? "the event" : "property '" + path + "'";
    }

    private static boolean isObject(JsonNode schema) {
        return "object".equals(schema.path("type").asString(null)) || schema.has("properties");
    }

    private static boolean isArray(JsonNode schema) {
        return "array".equals(schema.path("type").asString(null)) && schema.has("items");
    }

    private static Set<String> required(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schema.path("required").forEach(name -> names.add(name.asString()));
        return names;
    }

    /** The schema less its annotations and the keywords compared on their own. */
    private static JsonNode constraints(JsonNode schema, String... comparedApart) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode copy = ((ObjectNode) schema).deepCopy();
        copy.remove(ANNOTATIONS);
        copy.remove(List.of(comparedApart));
        return copy;
    }

    /** Follows a local {@code $ref} ({@code #/$defs/...}), so that a change behind it is seen. */
    private static JsonNode resolve(JsonNode schema, JsonNode root) {
        JsonNode current = schema;
        for (int hops = 0; current.has("$ref") && hops < 32; hops++) {
            String ref = current.get("$ref").asString();
            if (!ref.startsWith("#")) {
                break;
            }
            JsonNode target = root.at(ref.substring(1));
            if (target.isMissingNode()) {
                break;
            }
            current = target;
        }
        return current;
    }
}
