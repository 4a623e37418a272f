package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.http.contract.ContractViolation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes a contract violation as ZITADEL's protoc-gen-validate would: {@code invalid <Message>.<Field>: <rule>},
 * nesting embedded messages as {@code embedded message failed validation | caused by: ...}. PGV stops at the first
 * violation in protobuf field order, which our contracts keep as the order of their properties; the message names
 * come from the {@code x-zitadel-message} extension of each schema.
 */
public final class ZitadelValidationMessages {

  private final ApiContract contract;

  public ZitadelValidationMessages(ApiContract contract) {
    this.contract = contract;
  }

  public String message(String operationId, List<ContractViolation> violations, Object body) {
    JsonObject root = contract.requestBodySchema(operationId);
    ContractViolation first = violations.stream().min(Comparator.comparing(v -> order(root, v),
        ZitadelValidationMessages::compare))
        .orElseThrow();
    return switch (first.kind()) {
      case CONTENT_TYPE -> "invalid content type: the request body must be application/json";
      case MISSING_BODY -> "invalid request: the request body is required";
      case MALFORMED_BODY -> "proto: syntax error (line 1:1): the request body is not valid JSON";
      case NOT_ALLOWED -> parameterPrefix(first) + "unknown query parameter";
      case SCHEMA -> first.in() == ContractViolation.In.BODY ? bodyMessage(root, first, body)
          : parameterPrefix(first) + rule(first.keyword(), contract.parameterSchema(operationId, first.name(),
              location(first)), null);
    };
  }

  private static String parameterPrefix(ContractViolation violation) {
    return "invalid " + location(violation) + " parameter " + violation.name() + ": ";
  }

  private static String location(ContractViolation violation) {
    return violation.in().name().toLowerCase(Locale.ROOT);
  }

  private String bodyMessage(JsonObject root, ContractViolation violation, Object body) {
    List<String> tokens = tokens(violation.pointer());
    if (tokens.isEmpty()) {
      return rootMessage(root, violation, body);
    }
    Object value = valueAt(body, tokens);
    String decodeError = decodeError(root, tokens, violation, value);
    return decodeError != null ? decodeError : fieldMessage(root, tokens, 0, violation, value);
  }

  /**
   * A wrong JSON type or an unreadable timestamp fails ZITADEL's protojson decoding, before any validation: its
   * message names the field alone, with no chain of embedded messages.
   */
  private String decodeError(JsonObject root, List<String> tokens, ContractViolation violation, Object value) {
    JsonObject schema = root;
    String field = "";
    for (String token : tokens) {
      if (schema != null && "array".equals(schema.getString("type"))) {
        schema = contract.resolve(schema.getJsonObject("items")); // protojson names an item by its repeated field
      } else {
        schema = schema == null ? null : contract.property(schema, token);
        field = token;
      }
    }
    if (violation.keyword().equals("type")) {
      return "proto: invalid value for " + protoType(schema) + " field " + field + ": " + value;
    }
    if (violation.keyword().equals("format") && schema != null && "date-time".equals(schema.getString("format"))) {
      return "proto: invalid google.protobuf.Timestamp value \"" + value + "\"";
    }
    return null;
  }

  /** {@code invalid <Msg>.<Field>: <rule>}, recursing into embedded messages. */
  private String fieldMessage(JsonObject schema, List<String> tokens, int depth, ContractViolation violation,
  Object value) {
    String messageName = schema.getString("x-zitadel-message", "Request");
    String field = tokens.get(depth);
    JsonObject fieldSchema = contract.property(schema, field);
    String fieldName = goName(field);
    if (depth < tokens.size() - 1 && fieldSchema != null && "array".equals(fieldSchema.getString("type"))) {
      fieldName += "[" + tokens.get(depth + 1) + "]"; // PGV names a repeated field's item by its index
      fieldSchema = contract.resolve(fieldSchema.getJsonObject("items"));
      depth++;
    }
    String prefix = "invalid " + messageName + "." + fieldName + ": ";
    if (depth < tokens.size() - 1 && fieldSchema != null && fieldSchema.containsKey("x-zitadel-message")) {
      return prefix + "embedded message failed validation | caused by: "
          + fieldMessage(fieldSchema, tokens, depth + 1, violation, value);
    }
    if (violation.keyword().equals("oneOf") && fieldSchema != null && fieldSchema.containsKey("x-zitadel-oneof")) {
      // an embedded message (a list's query) with none of its oneof: PGV's message for it, as at the root
      String oneof = oneOfMessage(fieldSchema, value);
      return oneof.startsWith("proto:") ? oneof : prefix + "embedded message failed validation | caused by: " + oneof;
    }
    return prefix + rule(violation.keyword(), fieldSchema, value);
  }

  private String rootMessage(JsonObject root, ContractViolation violation, Object body) {
    String messageName = root.getString("x-zitadel-message", "Request");
    if (violation.keyword().equals("oneOf") && root.containsKey("x-zitadel-oneof")) {
      return oneOfMessage(root, body);
    }
    if (violation.keyword().equals("not") && root.containsKey("x-zitadel-oneof")) {
      // an optional oneof ("not" both of its fields): protojson refuses its second field as it decodes
      return "proto: oneof " + messageName + "." + root.getString("x-zitadel-oneof") + " is already set";
    }
    if (violation.keyword().equals("type")) {
      return "proto: syntax error: the request body must be a JSON object";
    }
    return "invalid " + messageName + ": " + rule(violation.keyword(), root, body);
  }

  /**
   * A message with a oneof that has no branch set (PGV's {@code value is required}) or several (protojson's decoding
   * error, which comes first).
   */
  private String oneOfMessage(JsonObject schema, Object value) {
    String messageName = schema.getString("x-zitadel-message", "Request");
    String oneof = schema.getString("x-zitadel-oneof");
    if (value instanceof JsonObject object && oneOfBranchesPresent(schema, object) > 1) {
      return "proto: oneof " + messageName + "." + oneof.toLowerCase(Locale.ROOT) + " is already set";
    }
    return "invalid " + messageName + "." + oneof + ": value is required";
  }

  private int oneOfBranchesPresent(JsonObject root, JsonObject body) {
    int present = 0;
    for (Object branch : ApiContract.array(root, "oneOf")) {
      for (Object name : ApiContract.array((JsonObject) branch, "required")) {
        if (body.containsKey(name.toString())) {
          present++;
        }
      }
    }
    return present;
  }

  /** The rule text of protoc-gen-validate for a failed keyword. */
  private static String rule(String keyword, JsonObject schema, Object value) {
    JsonObject s = schema == null ? new JsonObject() : schema;
    switch (keyword) {
      case "minLength", "maxLength":
        return lengthRule(s);
      case "required":
        if (s.containsKey("minLength") || s.containsKey("maxLength")) {
          return lengthRule(s); // protobuf has no "absent" string: a missing field is an empty one
        }
        if (s.containsKey("not")) {
          return notInRule(s);
        }
        return "value is required";
      case "enum":
        return "value must be one of the defined enum values";
      case "not":
        return notInRule(s);
      case "pattern":
        return "value does not match regex pattern \"" + s.getString("pattern") + "\"";
      case "format":
        if ("email".equals(s.getString("format"))) {
          String text = value == null ? "" : value.toString();
          return "value must be a valid email address | caused by: "
              + (text.contains("@") ? "mail: no angle-addr" : "mail: missing '@' or angle-addr");
        }
        return "value must be a valid " + s.getString("format");
      case "minItems":
        return "value must contain at least " + s.getValue("minItems") + " item(s)";
      case "maxItems":
        return "value must contain no more than " + s.getValue("maxItems") + " item(s)";
      case "uniqueItems":
        return "repeated value must contain unique items";
      case "minimum":
        return "value must be greater than or equal to " + s.getValue("minimum");
      case "maximum":
        return "value must be less than or equal to " + s.getValue("maximum");
      default:
        return "value is invalid";
    }
  }

  private static String lengthRule(JsonObject s) {
    Integer min = s.getInteger("minLength");
    Integer max = s.getInteger("maxLength");
    if (min != null && max != null) {
      return "value length must be between " + min + " and " + max + " runes, inclusive";
    }
    if (max != null) {
      return "value length must be at most " + max + " runes";
    }
    return "value length must be at least " + (min == null ? 1 : min) + " runes";
  }

  private static String notInRule(JsonObject s) {
    JsonArray excluded = ApiContract.array(s.getJsonObject("not"), "enum");
    List<String> names = new ArrayList<>();
    excluded.forEach(v -> names.add(String.valueOf(v)));
    return "value must not be in list [" + String.join(" ", names) + "]";
  }

  private static String protoType(JsonObject schema) {
    String type = schema == null ? null : schema.getString("type");
    if (type == null) {
      return "message";
    }
    return switch (type) {
      case "boolean" -> "bool";
      case "integer" -> "int32";
      case "object" -> "message";
      default -> type;
    };
  }

  /** Field order of the violation's path, for PGV's "first violation wins". Parameters come before the body. */
  private List<Integer> order(JsonObject root, ContractViolation violation) {
    List<Integer> order = new ArrayList<>();
    if (violation.kind() != ContractViolation.Kind.SCHEMA || violation.in() != ContractViolation.In.BODY) {
      order.add(-1); // parameters and the body as a whole come before the body's fields
      return order;
    }
    JsonObject schema = root;
    List<String> tokens = tokens(violation.pointer());
    if (tokens.isEmpty() && violation.keyword().equals("oneOf")) {
      int best = Integer.MAX_VALUE;
      for (Object branch : ApiContract.array(root, "oneOf")) {
        for (Object name : ApiContract.array((JsonObject) branch, "required")) {
          best = Math.min(best, contract.propertyIndex(root, name.toString()));
        }
      }
      order.add(best);
      return order;
    }
    for (String token : tokens) {
      order.add(contract.propertyIndex(schema, token));
      schema = contract.property(schema, token);
    }
    return order;
  }

  private static int compare(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static List<String> tokens(String pointer) {
    List<String> tokens = new ArrayList<>();
    if (pointer == null || pointer.isEmpty()) {
      return tokens;
    }
    for (String token : pointer.substring(1).split("/", -1)) {
      tokens.add(token.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  private static Object valueAt(Object body, List<String> tokens) {
    Object current = body;
    for (String token : tokens) {
      if (current instanceof JsonObject object) {
        current = object.getValue(token);
      } else if (current instanceof JsonArray array && token.matches("[0-9]{1,9}")
          && Integer.parseInt(token) < array.size()) {
        current = array.getValue(Integer.parseInt(token));
      } else {
        return null;
      }
    }
    return current;
  }

  /** protoc-gen-go's field name: the JSON name with its first letter upper-cased. */
  private static String goName(String jsonName) {
    return jsonName.isEmpty() ? jsonName : Character.toUpperCase(jsonName.charAt(0)) + jsonName.substring(1);
  }
}
