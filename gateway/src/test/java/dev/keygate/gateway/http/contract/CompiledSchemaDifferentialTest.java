package dev.keygate.gateway.http.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Our compiled schemas against vertx-json-schema, the reference implementation: for every request body of every
 * contract, a valid instance and many broken ones (wrong types, empty and over-long strings, 200 and 201 emoji,
 * unknown enum names, missing and unknown fields, bad formats) must get the same verdict and the same violations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompiledSchemaDifferentialTest {

  private static final String EMOJI = "\uD83D\uDE00";
  private Vertx vertx;
  private final List<ApiContract> contracts = new ArrayList<>();

  @BeforeAll
  void load() throws Exception {
    vertx = Vertx.vertx();
    for (String surface : List.of("zitadel-system", "zitadel-management", "droplit")) {
      contracts.add(ApiContract.load(vertx, surface).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS));
    }
  }

  @AfterAll
  void close() {
    vertx.close();
  }

  @TestFactory
  Stream<DynamicTest> compiledAndReferenceValidatorsAgree() {
    List<DynamicTest> tests = new ArrayList<>();
    for (ApiContract contract : contracts) {
      for (Operation operation : contract.openApi().operations()) {
        String id = operation.getOperationId();
        tests.add(DynamicTest.dynamicTest(contract.surface() + " " + id, () -> {
          assertThat(contract.validator(id).fullyCompiled()).as("every schema of %s is compiled", id).isTrue();
          JsonObject raw = contract.requestBodySchema(id);
          if (raw == null) {
            return;
          }
          Validator reference = contract.openApi().getSchemaRepository()
              .validator(operation.getRequestBody().getContent().get("application/json").getSchema());
          CompiledSchema compiled = new SchemaCompiler(contract::resolve).compile(raw);
          Object valid = validInstance(contract, raw);
          List<Object> samples = new ArrayList<>(List.of(valid, new JsonObject(), new JsonArray(), "text", 5));
          mutate(contract, raw, (JsonObject) valid, "", samples);
          int invalid = 0;
          for (Object sample : samples) {
            List<ContractViolation> ours = new ArrayList<>();
            compiled.validate(sample, "", ours);
            OutputUnit expected;
            try {
              expected = reference.validate(sample);
            } catch (StringIndexOutOfBoundsException e) {
              // vertx-json-schema 5.0.10 crashes on format "email" with an empty string; we must reject it
              assertThat(sample.toString()).contains("\"email\":\"\"");
              assertThat(keys(ours)).as("violations of %s", sample).anyMatch(k -> k.endsWith("/email minLength"));
              continue;
            }
            boolean referenceValid = Boolean.TRUE.equals(expected.getValid());
            assertThat(ours.isEmpty()).as("verdict on %s", sample).isEqualTo(referenceValid);
            if (!referenceValid) {
              invalid++;
              assertThat(keys(ours)).as("violations of %s", sample)
                  .isEqualTo(keys(SchemaErrors.leaves(expected)));
            }
          }
          assertThat(compiled.accepts(valid)).as("the generated instance is valid: %s", valid).isTrue();
          assertThat(invalid).isPositive();
        }));
      }
    }
    return tests.stream();
  }

  private static Set<String> keys(List<ContractViolation> violations) {
    Set<String> keys = new TreeSet<>();
    violations.forEach(v -> keys.add(v.pointer() + " " + v.keyword()));
    return keys;
  }

  /** The smallest instance that keeps the schema: required properties (and the first oneOf branch's) filled in. */
  private static Object validInstance(ApiContract contract, JsonObject raw) {
    JsonObject schema = contract.resolve(raw);
    String type = schema.getString("type", "object");
    switch (type) {
      case "object": {
        JsonObject out = new JsonObject();
        Set<String> needed = new TreeSet<>();
        ApiContract.array(schema, "required").forEach(n -> needed.add(n.toString()));
        JsonArray oneOf = ApiContract.array(schema, "oneOf");
        if (!oneOf.isEmpty()) {
          ApiContract.array(oneOf.getJsonObject(0), "required").forEach(n -> needed.add(n.toString()));
        }
        for (String name : needed) {
          out.put(name, validInstance(contract, contract.property(schema, name)));
        }
        return out;
      }
      case "array":
        return new JsonArray().add(validInstance(contract, contract.resolve(schema.getJsonObject("items"))));
      case "integer":
        return schema.getInteger("minimum", 0);
      case "boolean":
        return true;
      default:
        return validString(schema);
    }
  }

  private static String validString(JsonObject schema) {
    JsonArray values = ApiContract.array(schema, "enum");
    if (!values.isEmpty()) {
      Set<Object> excluded = ApiContract.array(schema.getJsonObject("not"), "enum").stream()
          .collect(Collectors.toSet());
      return values.stream().filter(v -> !excluded.contains(v)).findFirst().orElseThrow().toString();
    }
    if ("email".equals(schema.getString("format"))) {
      return "ada@example.com";
    }
    if ("date-time".equals(schema.getString("format"))) {
      return "2030-01-01T00:00:00Z";
    }
    String candidate = "a".repeat(Math.max(1, schema.getInteger("minLength", 1)));
    if (schema.containsKey("pattern")) {
      Pattern pattern = Pattern.compile(schema.getString("pattern"));
      for (String other : List.of(candidate, "1", "C0123456789abcdef01234567", "K0123456789abcdef01234567")) {
        if (pattern.matcher(other).find()) {
          return other;
        }
      }
      throw new IllegalStateException("no sample value for pattern " + pattern);
    }
    return candidate;
  }

  /** For each property: wrong types, boundary lengths, bad enum names and formats, removal; plus an unknown field. */
  private static void mutate(ApiContract contract, JsonObject raw, JsonObject valid, String path, List<Object> out) {
    JsonObject schema = contract.resolve(raw);
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    out.add(valid.copy().put("unknownField", "x"));
    out.add(valid.copy().put(properties.fieldNames().stream().findFirst().orElse("x"), null));
    for (String name : properties.fieldNames()) {
      JsonObject property = contract.property(schema, name);
      List<Object> values = new ArrayList<>(List.of(5, 1.5, true, new JsonArray(), new JsonObject(), "", "NOPE",
          "not-an-address", "yesterday", "x y", "-1", EMOJI, EMOJI.repeat(200), EMOJI.repeat(201), "x".repeat(201),
          "a@b", "2030-01-01T00:00:00+02:00", "2030-01-01", -1, 0, 1000, 1001));
      Integer max = property.getInteger("maxLength");
      if (max != null) {
        values.add("y".repeat(max));
        values.add("y".repeat(max + 1));
      }
      ApiContract.array(property, "enum").forEach(values::add);
      for (Object value : values) {
        out.add(valid.copy().put(name, value));
      }
      JsonObject without = valid.copy();
      without.remove(name);
      out.add(without);
      if ("object".equals(property.getString("type"))) {
        JsonObject nestedValid = (JsonObject) validInstance(contract, property);
        List<Object> nested = new ArrayList<>();
        mutate(contract, property, nestedValid, path + "/" + name, nested);
        for (Object inner : nested) {
          out.add(valid.copy().put(name, inner));
        }
      }
      if ("array".equals(property.getString("type"))) {
        out.add(valid.copy().put(name, new JsonArray()));
        out.add(valid.copy().put(name, new JsonArray().add("NOPE")));
        Object item = validInstance(contract, contract.resolve(property.getJsonObject("items")));
        out.add(valid.copy().put(name, new JsonArray().add(item).add(item)));
      }
    }
  }
}
