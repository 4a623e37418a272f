package dev.keygate.gateway.http.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The compiled checks of single values for {@link SchemaCompiler}: {@code type}, {@code enum}, the string keywords
 * ({@code minLength}, {@code maxLength}, {@code pattern}, {@code format}) and the number keywords ({@code minimum},
 * {@code maximum}), with JSON Schema's semantics (lengths in code points, 1.0 is an integer).
 */
final class ScalarChecks {

  private static final Pattern EMAIL = Pattern.compile("^[^\\s@\"(),:;<>\\[\\\\\\]]+"
      + "@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$");

  private ScalarChecks() {}

  static CompiledSchema type(String type) throws SchemaCompiler.Unsupported {
    return switch (type) {
      case "object" -> (v, p, out) -> require(v instanceof JsonObject, p, out);
      case "array" -> (v, p, out) -> require(v instanceof JsonArray, p, out);
      case "string" -> (v, p, out) -> require(v instanceof String, p, out);
      case "boolean" -> (v, p, out) -> require(v instanceof Boolean, p, out);
      case "integer" -> (v, p, out) -> require(isInteger(v), p, out);
      case "number" -> (v, p, out) -> require(v instanceof Number, p, out);
      default -> throw new SchemaCompiler.Unsupported("type " + type);
    };
  }

  private static void require(boolean ok, String pointer, List<ContractViolation> out) {
    if (!ok) {
      out.add(ContractViolation.body(pointer, "type"));
    }
  }

  private static boolean isInteger(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger) {
      return true;
    }
    if (v instanceof Double d) {
      return !d.isInfinite() && d == Math.rint(d);
    }
    if (v instanceof Float f) {
      return !f.isInfinite() && f == Math.rint(f);
    }
    return v instanceof BigDecimal b && b.stripTrailingZeros().scale() <= 0;
  }

  static CompiledSchema enumeration(JsonArray values) {
    @SuppressWarnings("unchecked") // JsonArray.getList() is a raw List of the array's own values
    Set<Object> allowed = new HashSet<>(values.getList());
    return (value, pointer, out) -> {
      if (!allowed.contains(value)) {
        out.add(ContractViolation.body(pointer, "enum"));
      }
    };
  }

  static void addStringChecks(JsonObject schema, List<CompiledSchema> checks)
      throws SchemaCompiler.Unsupported {
    Integer min = schema.getInteger("minLength");
    Integer max = schema.getInteger("maxLength");
    if (min != null || max != null) {
      int lo = min == null ? 0 : min;
      int hi = max == null ? Integer.MAX_VALUE : max;
      checks.add((value, pointer, out) -> {
        if (value instanceof String s) {
          int length = s.codePointCount(0, s.length()); // JSON Schema counts characters, i.e. code points
          if (length < lo) {
            out.add(ContractViolation.body(pointer, "minLength"));
          } else if (length > hi) {
            out.add(ContractViolation.body(pointer, "maxLength"));
          }
        }
      });
    }
    if (schema.containsKey("pattern")) {
      Pattern pattern = Pattern.compile(schema.getString("pattern"));
      checks.add((value, pointer, out) -> {
        if (value instanceof String s && !pattern.matcher(s).find()) {
          out.add(ContractViolation.body(pointer, "pattern"));
        }
      });
    }
    String format = schema.getString("format");
    if (format != null) {
      switch (format) {
        case "email" -> checks.add((value, pointer, out) -> {
          if (value instanceof String s && !EMAIL.matcher(s).matches()) {
            out.add(ContractViolation.body(pointer, "format"));
          }
        });
        case "date-time" -> checks.add((value, pointer, out) -> {
          if (value instanceof String s && !isDateTime(s)) {
            out.add(ContractViolation.body(pointer, "format"));
          }
        });
        case "byte", "int32", "int64", "uint32", "uint64", "float", "double", "password", "binary" -> {
          // OpenAPI's data-type formats (and protobuf's unsigned kinds): annotations for the JSON-schema validator
        }
        default -> throw new SchemaCompiler.Unsupported("format " + format);
      }
    }
  }

  /** RFC 3339 date-time: a 'T' (or 't') separator, a zone offset or 'Z'. */
  private static boolean isDateTime(String s) {
    try {
      OffsetDateTime.parse(s.toUpperCase(Locale.ROOT));
      return s.length() >= 20;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  static void addNumberChecks(JsonObject schema, List<CompiledSchema> checks) {
    Number min = (Number) schema.getValue("minimum");
    Number max = (Number) schema.getValue("maximum");
    if (min != null) {
      double lo = min.doubleValue();
      checks.add((value, pointer, out) -> {
        if (value instanceof Number n && n.doubleValue() < lo) {
          out.add(ContractViolation.body(pointer, "minimum"));
        }
      });
    }
    if (max != null) {
      double hi = max.doubleValue();
      checks.add((value, pointer, out) -> {
        if (value instanceof Number n && n.doubleValue() > hi) {
          out.add(ContractViolation.body(pointer, "maximum"));
        }
      });
    }
  }
}
