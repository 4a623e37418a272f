package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.contract.ApiContract;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a canonical request body the other ways protojson reads it, walking the body's schema in the contract (a
 * second, independent reading of the same rules the gateway's ProtoJsonNormalizer compiles): proto names, enums as
 * numbers, 32-bit integers as strings and 64-bit ones as numbers, every absent field as {@code null}, timestamps
 * with an offset, unknown fields, and all of these at once.
 */
final class ProtoJsonVariants {

  enum Kind { PROTO_NAMES, ENUM_NUMBERS, INTEGER_FORMS, NULLS, OFFSETS, UNKNOWN_FIELDS }

  private static final ZoneOffset OFFSET = ZoneOffset.ofHoursMinutes(5, 30);

  private final ApiContract contract;

  ProtoJsonVariants(ApiContract contract) {
    this.contract = contract;
  }

  /** Every single-rule variant by name, and {@code all} with every rule at once. */
  Map<String, JsonObject> of(String operationId, JsonObject canonical) {
    JsonObject schema = contract.requestBodySchema(operationId);
    Map<String, JsonObject> variants = new LinkedHashMap<>();
    for (Kind kind : Kind.values()) {
      variants.put(kind.name(), (JsonObject) rewrite(schema, canonical.copy(), EnumSet.of(kind)));
    }
    variants.put("ALL", (JsonObject) rewrite(schema, canonical.copy(), EnumSet.allOf(Kind.class)));
    return variants;
  }

  private Object rewrite(JsonObject rawSchema, Object value, Set<Kind> kinds) {
    JsonObject schema = contract.resolve(rawSchema);
    if (value instanceof JsonObject object && schema.containsKey("properties")) {
      JsonObject properties = schema.getJsonObject("properties");
      JsonObject out = new JsonObject();
      for (String name : object.fieldNames()) {
        JsonObject property = properties.getJsonObject(name);
        Object item = property == null ? object.getValue(name) : rewrite(property, object.getValue(name), kinds);
        out.put(property != null && kinds.contains(Kind.PROTO_NAMES) ? snake(name) : name, item);
      }
      if (kinds.contains(Kind.NULLS)) {
        for (String name : properties.fieldNames()) {
          if (!object.containsKey(name)) {
            out.putNull(kinds.contains(Kind.PROTO_NAMES) ? snake(name) : name);
          }
        }
      }
      if (kinds.contains(Kind.UNKNOWN_FIELDS)) {
        out.put("keygate_unknown_field", new JsonObject().put("anything", new JsonArray().add(1)));
      }
      return out;
    }
    if (value instanceof JsonArray array && schema.containsKey("items")) {
      JsonArray out = new JsonArray();
      array.forEach(item -> out.add(rewrite(schema.getJsonObject("items"), item, kinds)));
      return out;
    }
    String format = schema.getString("format", "");
    if (kinds.contains(Kind.ENUM_NUMBERS) && value instanceof String name && schema.containsKey("enum")
        && !"string".equals(schema.getString("x-proto-type"))) {
      int index = schema.getJsonArray("enum").getList().indexOf(name);
      return index < 0 ? value : index;
    }
    if (kinds.contains(Kind.INTEGER_FORMS) && value instanceof Number number
        && "integer".equals(schema.getString("type"))) {
      return number.toString();
    }
    if (kinds.contains(Kind.INTEGER_FORMS) && value instanceof String text && format.matches("u?int64")) {
      return Long.parseLong(text);
    }
    if (kinds.contains(Kind.OFFSETS) && value instanceof String text && format.equals("date-time")) {
      return OffsetDateTime.parse(text).withOffsetSameInstant(OFFSET).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
    return value;
  }

  /** protoc's field name of a lowerCamelCase JSON name. */
  static String snake(String camel) {
    return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
  }
}
