package dev.keygate.gateway.http.protojson;

import io.vertx.core.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How protojson reads scalars: strings and bools as JSON strings and booleans only, and the kinds whose JSON form
 * is not one JSON type: integers (numbers or numeric strings, integral and in range), enums (name or number), bytes
 * (standard or URL-safe base64, padded or not) and {@code google.protobuf.Timestamp} (RFC 3339 with any offset). Each
 * reader returns the canonical form the contract declares for the field (and the very value it was given when that is
 * already canonical), or throws {@link ProtoJsonException} with protojson's message. The rules follow protobuf-go's
 * {@code encoding/protojson}.
 */
final class ProtoJsonScalars {

  /** Reads one field's JSON value; {@code field} is the field's JSON name, which protojson's messages quote. */
  interface Reader {
    Object read(Object value, String field);
  }

  /** The protobuf integer types, named by the OpenAPI {@code format} that declares them. */
  enum IntegerKind {
    INT32("int32", BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)),
    UINT32("uint32", BigInteger.ZERO, BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE)),
    INT64("int64", BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)),
    UINT64("uint64", BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));

    final String protoName;
    private final BigInteger min;
    private final BigInteger max;

    IntegerKind(String protoName, BigInteger min, BigInteger max) {
      this.protoName = protoName;
      this.min = min;
      this.max = max;
    }

    static IntegerKind ofFormat(String format) {
      for (IntegerKind kind : values()) {
        if (kind.protoName.equals(format)) {
          return kind;
        }
      }
      return null;
    }

    boolean holds(BigInteger n) {
      return n.compareTo(min) >= 0 && n.compareTo(max) <= 0;
    }

    boolean unsigned() {
      return min.signum() == 0;
    }
  }

  /** JSON's number grammar (RFC 8259 §6): what protojson accepts inside a string for an integer field. */
  private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
  /** RFC 3339 as Go's {@code time.Parse(time.RFC3339Nano)} reads it: upper-case T and Z, at most 9 fraction digits. */
  private static final Pattern RFC3339 =
      Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
          + "(?:\\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:[0-9]{2})");
  private static final Instant MIN_TIMESTAMP = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant MAX_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999999999Z");
  /** More integer digits than any 64-bit integer has: refused before BigInteger ever sees 1e1000000. */
  private static final int MAX_INTEGER_DIGITS = 20;

  private ProtoJsonScalars() {}

  /**
   * @param asString the contract declares the field as a string (64-bit integers, as protojson writes them),
   *                 otherwise as a JSON integer
   */
  static Reader integer(IntegerKind kind, boolean asString) {
    return (value, field) -> {
      BigInteger n = value instanceof String text ? integralText(text, kind) : integral(value);
      if (n == null || !kind.holds(n)) {
        throw invalidValue(kind.protoName, field, value);
      }
      if (asString) {
        return value instanceof String text && text.equals(n.toString()) ? value : n.toString();
      }
      if (kind == IntegerKind.INT32 || kind == IntegerKind.UINT32 && n.bitLength() < 32) {
        return value instanceof Integer ? value : Integer.valueOf(n.intValue());
      }
      return n.bitLength() < 64 ? (value instanceof Long ? value : Long.valueOf(n.longValue())) : n;
    };
  }

  /**
   * An enum field: a name is kept for the contract's {@code enum} to check (Keygate refuses unknown names where
   * protojson would drop them); a number becomes its name, and a number outside the enum becomes its decimal text,
   * which no enum name is, so that the contract refuses it as protoc-gen-validate's {@code defined_only} does.
   */
  static Reader enumeration(Map<Integer, String> names) {
    return (value, field) -> {
      if (value instanceof String) {
        return value;
      }
      BigInteger n = value instanceof Number ? integral(value) : null;
      if (n == null || !IntegerKind.INT32.holds(n)) {
        throw invalidValue("enum", field, value);
      }
      String name = names.get(n.intValue());
      return name != null ? name : n.toString();
    };
  }

  static final Reader STRING = (value, field) -> {
    if (!(value instanceof String)) {
      throw invalidValue("string", field, value);
    }
    return value;
  };

  static final Reader BOOL = (value, field) -> {
    if (!(value instanceof Boolean)) {
      throw invalidValue("bool", field, value);
    }
    return value;
  };

  static final Reader BYTES = (value, field) -> {
    if (!(value instanceof String text)) {
      throw invalidValue("bytes", field, value);
    }
    boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
    if (text.length() % 4 != 0 && text.indexOf('=') >= 0) {
      throw invalidValue("bytes", field, value); // Go reads an unpadded length without any padding
    }
    byte[] bytes;
    try {
      bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
    } catch (IllegalArgumentException e) {
      throw invalidValue("bytes", field, value);
    }
    String canonical = Base64.getEncoder().encodeToString(bytes);
    return canonical.equals(text) ? value : canonical;
  };

  /** A Timestamp with any offset becomes UTC ({@code Z}), as protojson writes it; one in UTC is kept as given. */
  static final Reader TIMESTAMP = (value, field) -> {
    if (!(value instanceof String text)) {
      throw new ProtoJsonException("syntax error: unexpected token " + raw(value));
    }
    if (!RFC3339.matcher(text).matches()) {
      throw new ProtoJsonException("invalid google.protobuf.Timestamp value " + raw(value));
    }
    Instant instant;
    try {
      instant = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new ProtoJsonException("invalid google.protobuf.Timestamp value " + raw(value));
    }
    if (instant.isBefore(MIN_TIMESTAMP) || instant.isAfter(MAX_TIMESTAMP)) {
      throw new ProtoJsonException("google.protobuf.Timestamp value out of range: " + raw(value));
    }
    return text.endsWith("Z") ? value : instant.toString();
  };

  /** The integer a JSON number denotes (1.0 and 1e2 are integers), or null when it has a fraction. */
  private static BigInteger integral(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return big;
    }
    if (value instanceof Double || value instanceof Float) {
      // 1e400 is read as Infinity, which is no integer (and which BigDecimal cannot hold)
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? integral(new BigDecimal(value.toString())) : null;
    }
    if (value instanceof BigDecimal decimal) {
      return integral(decimal);
    }
    return null;
  }

  /** protojson reads a string for an integer field as the JSON number it holds, with no space around it. */
  private static BigInteger integralText(String text, IntegerKind kind) {
    if (!JSON_NUMBER.matcher(text).matches() || kind.unsigned() && text.startsWith("-")) {
      return null;
    }
    try {
      return integral(new BigDecimal(text));
    } catch (NumberFormatException e) {
      return null; // an exponent beyond int range
    }
  }

  private static BigInteger integral(BigDecimal decimal) {
    if (decimal.signum() == 0) {
      return BigInteger.ZERO;
    }
    BigDecimal stripped = decimal.stripTrailingZeros();
    if (stripped.scale() > 0 || stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
      return null;
    }
    return stripped.toBigIntegerExact();
  }

  static ProtoJsonException invalidValue(String kind, String field, Object value) {
    return new ProtoJsonException("invalid value for " + kind + " field " + field + ": " + raw(value));
  }

  /** The value as JSON text, as protojson quotes the offending token. */
  static String raw(Object value) {
    return Json.encode(value);
  }
}
