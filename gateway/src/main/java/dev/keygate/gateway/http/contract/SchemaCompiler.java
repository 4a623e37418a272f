package dev.keygate.gateway.http.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles the JSON-schema keywords our contracts use into {@link CompiledSchema} trees. It refuses (with
 * {@link Unsupported}) any keyword it does not implement, so an operation whose schema uses one keeps the
 * vertx-json-schema validator instead: nothing in a contract is ever silently left unchecked.
 *
 * <p>Why our own: vertx-json-schema's validator resolves keyword locations and builds URLs for every keyword on
 * every request; in profiles it was half of the gateway's CPU time (see bench/README.md). The semantics here are
 * checked against vertx-json-schema by {@code CompiledSchemaDifferentialTest}. The checks of single values (type,
 * enum, strings, numbers) are {@link ScalarChecks}'; this class composes them and the structural keywords.
 */
final class SchemaCompiler {

  /** The schema uses a keyword this compiler does not implement. */
  static final class Unsupported extends Exception {
    Unsupported(String keyword) {
      super("unsupported schema keyword: " + keyword, null, false, false);
    }
  }

  /** Keywords that do not constrain a request value. */
  private static final Set<String> ANNOTATIONS = Set.of("description", "title", "default", "example", "examples",
      "readOnly", "writeOnly", "deprecated", "externalDocs", "xml", "discriminator");
  private static final Set<String> IMPLEMENTED = Set.of("type", "properties", "required", "additionalProperties",
      "minLength", "maxLength", "pattern", "format", "enum", "not", "oneOf", "minimum", "maximum", "items",
      "minItems", "maxItems", "uniqueItems", "$ref");

  private final Function<JsonObject, JsonObject> resolver;

  /** @param resolver follows internal {@code $ref}s of the contract */
  SchemaCompiler(Function<JsonObject, JsonObject> resolver) {
    this.resolver = resolver;
  }

  CompiledSchema compile(JsonObject raw) throws Unsupported {
    JsonObject schema = resolver.apply(raw);
    for (String keyword : schema.fieldNames()) {
      if (!IMPLEMENTED.contains(keyword) && !ANNOTATIONS.contains(keyword) && !keyword.startsWith("x-")) {
        throw new Unsupported(keyword);
      }
    }
    List<CompiledSchema> checks = new ArrayList<>();
    String type = schema.getString("type");
    CompiledSchema typeCheck = type == null ? null : ScalarChecks.type(type);
    if (schema.containsKey("enum")) {
      checks.add(ScalarChecks.enumeration(schema.getJsonArray("enum")));
    }
    if (schema.containsKey("not")) {
      CompiledSchema not = compile(schema.getJsonObject("not"));
      checks.add((value, pointer, out) -> {
        if (not.accepts(value)) {
          out.add(ContractViolation.body(pointer, "not"));
        }
      });
    }
    if (schema.containsKey("oneOf")) {
      List<CompiledSchema> branches = new ArrayList<>();
      for (Object branch : schema.getJsonArray("oneOf")) {
        branches.add(compile((JsonObject) branch));
      }
      checks.add((value, pointer, out) -> {
        int matched = 0;
        for (CompiledSchema branch : branches) {
          if (branch.accepts(value)) {
            matched++;
          }
        }
        if (matched != 1) {
          out.add(ContractViolation.body(pointer, "oneOf"));
        }
      });
    }
    ScalarChecks.addStringChecks(schema, checks);
    ScalarChecks.addNumberChecks(schema, checks);
    addObjectChecks(schema, checks);
    addArrayChecks(schema, checks);
    CompiledSchema[] all = checks.toArray(new CompiledSchema[0]);
    // every keyword is evaluated, as JSON Schema does, even after a type error: the type violation comes first
    return (value, pointer, out) -> {
      if (typeCheck != null) {
        typeCheck.validate(value, pointer, out);
      }
      for (CompiledSchema check : all) {
        check.validate(value, pointer, out);
      }
    };
  }

  private void addObjectChecks(JsonObject schema, List<CompiledSchema> checks) throws Unsupported {
    JsonArray required = schema.getJsonArray("required");
    if (required != null) {
      String[] names = required.stream().map(Object::toString).toArray(String[]::new);
      checks.add((value, pointer, out) -> {
        if (value instanceof JsonObject object) {
          for (String name : names) {
            if (!object.containsKey(name)) {
              out.add(ContractViolation.body(pointer + "/" + escape(name), "required"));
            }
          }
        }
      });
    }
    Map<String, CompiledSchema> properties = new LinkedHashMap<>();
    JsonObject declared = schema.getJsonObject("properties");
    if (declared != null) {
      for (String name : declared.fieldNames()) {
        properties.put(name, compile(declared.getJsonObject(name)));
      }
    }
    Object additional = schema.getValue("additionalProperties");
    if (additional != null && !(additional instanceof Boolean)) {
      throw new Unsupported("additionalProperties with a schema");
    }
    boolean closed = Boolean.FALSE.equals(additional);
    if (properties.isEmpty() && !closed) {
      return;
    }
    checks.add((value, pointer, out) -> {
      if (!(value instanceof JsonObject object)) {
        return;
      }
      for (Map.Entry<String, Object> field : object) {
        CompiledSchema property = properties.get(field.getKey());
        String child = pointer + "/" + escape(field.getKey());
        if (property != null) {
          property.validate(field.getValue(), child, out);
        } else if (closed) {
          out.add(ContractViolation.body(child, "additionalProperties"));
        }
      }
    });
  }

  private void addArrayChecks(JsonObject schema, List<CompiledSchema> checks) throws Unsupported {
    Integer minItems = schema.getInteger("minItems");
    Integer maxItems = schema.getInteger("maxItems");
    boolean unique = Boolean.TRUE.equals(schema.getBoolean("uniqueItems"));
    CompiledSchema items = schema.containsKey("items") ? compile(schema.getJsonObject("items")) : null;
    if (minItems == null && maxItems == null && !unique && items == null) {
      return;
    }
    checks.add((value, pointer, out) -> {
      if (!(value instanceof JsonArray array)) {
        return;
      }
      if (minItems != null && array.size() < minItems) {
        out.add(ContractViolation.body(pointer, "minItems"));
      }
      if (maxItems != null && array.size() > maxItems) {
        out.add(ContractViolation.body(pointer, "maxItems"));
      }
      if (unique && distinct(array) != array.size()) {
        out.add(ContractViolation.body(pointer, "uniqueItems"));
      }
      if (items != null) {
        for (int i = 0; i < array.size(); i++) {
          items.validate(array.getValue(i), pointer + "/" + i, out);
        }
      }
    });
  }

  private static String escape(String token) {
    return token.indexOf('~') < 0 && token.indexOf('/') < 0 ? token : token.replace("~", "~0").replace("/", "~1");
  }

  /** How many distinct values {@code array} holds, compared as stored (JsonArray.getList() is a raw List). */
  @SuppressWarnings("unchecked")
  private static int distinct(JsonArray array) {
    return new HashSet<Object>(array.getList()).size();
  }
}
