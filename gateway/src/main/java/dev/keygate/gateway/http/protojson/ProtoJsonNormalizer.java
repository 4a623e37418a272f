package dev.keygate.gateway.http.protojson;

import dev.keygate.gateway.http.contract.OperationValidator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a request body as protojson (the proto3 JSON mapping) reads it, and hands the validator and the handler the
 * one form the contract describes: lowerCamelCase names, enum names, 64-bit integers as strings and 32-bit ones as
 * numbers, timestamps in UTC, standard base64. What it accepts besides: a field's proto name
 * ({@code auth_method_type}), {@code null} for any field (unset), enums by number, integers as numbers or numeric
 * strings, timestamps with any offset, URL-safe or unpadded base64. A field given twice under its two names is
 * refused as protojson refuses it, and so is a scalar of the wrong JSON type (a number for a string). Canonical JSON
 * (protobuf's JsonFormat output) comes out as the very same object.
 *
 * <p>Compiled once per operation from the contract, like {@link OperationValidator}: a property {@code fooBar} is
 * the proto field {@code foo_bar} (protoc's JSON-name rule run backwards, checked both ways; {@code x-proto-name}
 * overrides it); a string with an {@code enum} is a proto enum whose numbers are the positions of its names (or
 * {@code x-proto-enum-numbers}), unless {@code x-proto-type: string} says it is a proto string limited to those
 * values; the integer kind is the {@code format} ({@code int32}, {@code uint32}, {@code int64}, {@code uint64}).
 */
public final class ProtoJsonNormalizer {

  /** One field of a message: its canonical (JSON) name and how its value is read. */
  private record Field(String name, ProtoJsonScalars.Reader reader) {}

  /** A message: its fields under both their names. Filled after construction, so that schemas may recurse. */
  private static final class Message implements ProtoJsonScalars.Reader {
    private final Map<String, Field> byInputName = new HashMap<>();

    @Override
    public Object read(Object value, String fieldName) {
      if (!(value instanceof JsonObject object)) {
        return value; // a message of the wrong JSON type is the validator's to report
      }
      Map<String, Object> out = new LinkedHashMap<>();
      Set<String> seen = new HashSet<>();
      boolean changed = false;
      for (Map.Entry<String, Object> entry : object) {
        Field field = byInputName.get(entry.getKey());
        if (field == null) {
          out.put(entry.getKey(), entry.getValue()); // unknown: kept, and ignored downstream, as protojson discards it
          continue;
        }
        if (!seen.add(field.name())) {
          throw new ProtoJsonException("duplicate field \"" + entry.getKey() + "\"");
        }
        if (entry.getValue() == null) {
          changed = true; // null is an unset field
          continue;
        }
        Object read = field.reader().read(entry.getValue(), field.name());
        changed |= read != entry.getValue() || !field.name().equals(entry.getKey());
        out.put(field.name(), read);
      }
      return changed ? new JsonObject(out) : object;
    }
  }

  private static final ProtoJsonScalars.Reader AS_GIVEN = (value, field) -> value;

  private final ProtoJsonScalars.Reader root;

  private ProtoJsonNormalizer(ProtoJsonScalars.Reader root) {
    this.root = root;
  }

  /**
   * @param bodySchema the request body's schema
   * @param resolver   follows the contract's internal {@code $ref}s
   */
  public static ProtoJsonNormalizer compile(JsonObject bodySchema, Function<JsonObject, JsonObject> resolver) {
    return new ProtoJsonNormalizer(new Compiler(resolver).reader(bodySchema));
  }

  /** The body in its canonical form (the same object when it already is); a {@link ProtoJsonException} otherwise. */
  public Object normalize(Object body) {
    return body == null ? null : root.read(body, "");
  }

  private static final class Compiler {
    private final Function<JsonObject, JsonObject> resolver;
    private final Map<JsonObject, Message> messages = new IdentityHashMap<>();

    Compiler(Function<JsonObject, JsonObject> resolver) {
      this.resolver = resolver;
    }

    ProtoJsonScalars.Reader reader(JsonObject raw) {
      JsonObject schema = resolver.apply(raw);
      String type = schema.getString("type");
      if ("object".equals(type) || schema.containsKey("properties")) {
        return message(schema);
      }
      if ("array".equals(type)) {
        return schema.containsKey("items") ? repeated(reader(schema.getJsonObject("items"))) : AS_GIVEN;
      }
      String format = schema.getString("format");
      ProtoJsonScalars.IntegerKind kind = ProtoJsonScalars.IntegerKind.ofFormat(format);
      if ("integer".equals(type)) {
        if (kind == null) {
          throw new IllegalStateException("an integer needs its protobuf type as format (int32, uint32, int64, "
              + "uint64): " + schema.encode());
        }
        return ProtoJsonScalars.integer(kind, false);
      }
      if ("boolean".equals(type)) {
        return ProtoJsonScalars.BOOL;
      }
      if (!"string".equals(type)) {
        return AS_GIVEN;
      }
      if (kind != null) {
        return ProtoJsonScalars.integer(kind, true);
      }
      if (schema.containsKey("enum") && !"string".equals(schema.getString("x-proto-type"))) {
        return ProtoJsonScalars.enumeration(enumNumbers(schema));
      }
      if ("date-time".equals(format)) {
        return ProtoJsonScalars.TIMESTAMP;
      }
      return "byte".equals(format) ? ProtoJsonScalars.BYTES : ProtoJsonScalars.STRING;
    }

    private Message message(JsonObject schema) {
      Message known = messages.get(schema);
      if (known != null) {
        return known;
      }
      Message message = new Message();
      messages.put(schema, message);
      JsonObject properties = schema.getJsonObject("properties", new JsonObject());
      for (String name : properties.fieldNames()) {
        JsonObject property = properties.getJsonObject(name);
        Field field = new Field(name, reader(property));
        String protoName = protoName(name, property.getString("x-proto-name"));
        message.byInputName.put(name, field);
        message.byInputName.put(protoName, field);
      }
      return message;
    }

    private static ProtoJsonScalars.Reader repeated(ProtoJsonScalars.Reader item) {
      return (value, field) -> {
        if (!(value instanceof JsonArray array)) {
          return value;
        }
        List<Object> out = null;
        for (int i = 0; i < array.size(); i++) {
          Object given = array.getValue(i);
          Object read = given == null ? null : item.read(given, field);
          if (read != given && out == null) {
            out = itemsOf(array);
          }
          if (out != null) {
            out.set(i, read);
          }
        }
        return out == null ? value : new JsonArray(out);
      };
    }

    private static Map<Integer, String> enumNumbers(JsonObject schema) {
      JsonArray names = schema.getJsonArray("enum");
      JsonArray numbers = schema.getJsonArray("x-proto-enum-numbers");
      if (numbers != null && numbers.size() != names.size()) {
        throw new IllegalStateException("x-proto-enum-numbers must number every enum name: " + schema.encode());
      }
      Map<Integer, String> byNumber = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        String name = names.getString(i);
        if (name.matches("-?[0-9]+")) {
          throw new IllegalStateException("an enum name may not be a number: " + name); // see enumeration()
        }
        byNumber.put(numbers == null ? i : numbers.getInteger(i), name);
      }
      return byNumber;
    }

    /** {@code fooBar} → {@code foo_bar}, checked against protoc's rule the other way (drop '_', upper-case next). */
    static String protoName(String jsonName, String declared) {
      String protoName = declared;
      if (protoName == null) {
        StringBuilder snake = new StringBuilder();
        for (char c : jsonName.toCharArray()) {
          if (Character.isUpperCase(c)) {
            snake.append('_').append(Character.toLowerCase(c));
          } else {
            snake.append(c);
          }
        }
        protoName = snake.toString();
      }
      if (!jsonName(protoName).equals(jsonName)) {
        throw new IllegalStateException("the proto name " + protoName + " has the JSON name " + jsonName(protoName)
            + ", not " + jsonName + "; declare x-proto-name");
      }
      return protoName;
    }

    private static String jsonName(String protoName) {
      StringBuilder json = new StringBuilder();
      boolean upper = false;
      for (char c : protoName.toCharArray()) {
        if (c == '_') {
          upper = true;
        } else {
          json.append(upper ? Character.toUpperCase(c) : c);
          upper = false;
        }
      }
      return json.toString();
    }
  }

  /** A copy of {@code array}'s items as stored (JsonArray.getList() is a raw List). */
  @SuppressWarnings("unchecked")
  private static List<Object> itemsOf(JsonArray array) {
    return new ArrayList<Object>(array.getList());
  }
}
