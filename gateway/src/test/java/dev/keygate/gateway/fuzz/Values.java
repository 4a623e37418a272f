package dev.keygate.gateway.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Values from JSON schemas: valid ones (required fields, enums, lengths, patterns, formats, ranges) and the edge
 * cases the mutations put in their place. Deterministic for a given {@link Random}.
 */
final class Values {

  /** Unicode edge cases that are valid JSON strings: combining marks, astral code points, noncharacters, BOM, RTL. */
  static final List<String> UNICODE_EDGES = List.of(
      "e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301",
      // a base letter and ten combining acute accents
      "\uD83D\uDE00\uD834\uDD1E\uD800\uDC00",                             // U+1F600, U+1D11E, U+10000 (astral)
      "\uFFFF\uFFFE",                                                     // noncharacters
      "\uFEFFbom",                                                        // a byte order mark inside a value
      "\u202Eevil\u202C",                                                 // right-to-left override
      "\u0085\u2028\u2029",                                               // next line, line and paragraph separators
      "\u00A0\u3000\u200B",                                               // no-break, ideographic and zero-width space
      "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",                 // an emoji ZWJ sequence
      "\u0130\u0131\u1E9E\u00DF",                                         // case-mapping traps (Turkish i, sharp s)
      "\uDBFF\uDFFF");                                                    // U+10FFFF

  private final Random random;

  Values(Random random) {
    this.random = random;
  }

  Random random() {
    return random;
  }

  /**
   * A valid value for {@code schema}. {@code hints} may supply a value for a property by name (e.g. a real id);
   * it returns null to let the schema decide.
   */
  Object valid(JsonObject schema, String name, BiFunction<String, JsonObject, Object> hints) {
    Object hinted = name == null ? null : hints.apply(name, schema);
    if (hinted != null) {
      return hinted;
    }
    String type = type(schema);
    switch (type) {
      case "object": {
        JsonObject result = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        Set<String> required = new LinkedHashSet<>(strings(schema.getJsonArray("required")));
        JsonArray oneOf = schema.getJsonArray("oneOf");
        Set<String> excluded = new LinkedHashSet<>();
        if (oneOf != null && !oneOf.isEmpty()) {
          int chosen = random.nextInt(oneOf.size());
          for (int i = 0; i < oneOf.size(); i++) {
            List<String> branch = strings(oneOf.getJsonObject(i).getJsonArray("required"));
            if (i == chosen) {
              required.addAll(branch);
            } else {
              excluded.addAll(branch);
            }
          }
          excluded.removeAll(required);
        }
        if (properties.isEmpty() && !schema.containsKey("properties")) {
          // a free-form object (e.g. Droplit's meta): a small one
          if (name != null && random.nextBoolean()) {
            result.put("k" + random.nextInt(100), "v" + random.nextInt(100));
          }
          return result;
        }
        for (String property : properties.fieldNames()) {
          if (excluded.contains(property)) {
            continue;
          }
          if (required.contains(property) || random.nextInt(3) == 0) {
            result.put(property, valid(properties.getJsonObject(property), property, hints));
          }
        }
        return result;
      }
      case "array": {
        JsonObject items = schema.getJsonObject("items", new JsonObject());
        int min = schema.getInteger("minItems", 0);
        int count = Math.max(min, random.nextInt(3));
        JsonArray result = new JsonArray();
        JsonArray choices = items.getJsonArray("enum");
        if (schema.getBoolean("uniqueItems", false) && choices != null) {
          List<Object> pool = choices.stream().collect(Collectors.toCollection(ArrayList::new));
          Collections.shuffle(pool, random);
          for (int i = 0; i < Math.min(Math.max(count, 1), pool.size()); i++) {
            result.add(pool.get(i));
          }
          return result;
        }
        for (int i = 0; i < count; i++) {
          result.add(valid(items, null, hints));
        }
        return result;
      }
      case "integer": {
        long min = schema.containsKey("minimum") ? schema.getLong("minimum") : 0;
        long max = schema.containsKey("maximum") ? schema.getLong("maximum") : min + 100;
        return min + (long) (random.nextDouble() * (max - min + 1));
      }
      case "number":
        return random.nextInt(1000) / 10.0;
      case "boolean":
        return random.nextBoolean();
      default:
        return validString(schema);
    }
  }

  String validString(JsonObject schema) {
    List<Object> choices = enumChoices(schema);
    if (!choices.isEmpty()) {
      return String.valueOf(choices.get(random.nextInt(choices.size())));
    }
    String format = schema.getString("format", "");
    switch (format) {
      case "email":
        return "fz" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "@example.com";
      case "date-time":
        return (2090 + random.nextInt(9)) + "-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10)
            + "T12:00:00Z";
      case "byte":
        return Base64.getEncoder().encodeToString(("fuzz" + random.nextInt(1000)).getBytes());
      case "uuid":
        return new UUID(random.nextLong(), random.nextLong()).toString();
      default:
        break;
    }
    String pattern = schema.getString("pattern");
    int min = schema.getInteger("minLength", 0);
    int max = schema.getInteger("maxLength", Math.max(min, 1) + 24);
    if (pattern != null) {
      for (int attempt = 0; attempt < 20; attempt++) {
        String candidate = PatternStrings.generate(pattern, random, Math.max(min, 1), Math.min(max, 24));
        int length = candidate.codePointCount(0, candidate.length());
        if (Pattern.compile(pattern).matcher(candidate).find() && length >= min && length <= max) {
          return candidate;
        }
      }
      // a pattern the generator cannot unfold (groups): the contract's own example, when it matches
      Object example = schema.getValue("example");
      if (example instanceof String text && Pattern.compile(pattern).matcher(text).find()) {
        return text;
      }
      throw new IllegalStateException("could not generate a string for pattern " + pattern + " (give it an example)");
    }
    int length = Math.min(max, Math.max(min, 4 + random.nextInt(10)));
    return "fz" + alnum(Math.max(0, length - 2));
  }

  /** The enum values the schema allows (an {@code enum} minus a {@code not.enum}). */
  static List<Object> enumChoices(JsonObject schema) {
    JsonArray values = schema.getJsonArray("enum");
    if (values == null) {
      return List.of();
    }
    List<Object> allowed = values.stream().collect(Collectors.toCollection(ArrayList::new));
    JsonObject not = schema.getJsonObject("not");
    if (not != null && not.getJsonArray("enum") != null) {
      allowed.removeAll(not.getJsonArray("enum").getList());
    }
    return allowed;
  }

  static String type(JsonObject schema) {
    String type = schema.getString("type");
    if (type != null) {
      return type;
    }
    if (schema.containsKey("properties") || schema.containsKey("oneOf")) {
      return "object";
    }
    return "string";
  }

  static List<String> strings(JsonArray array) {
    List<String> result = new ArrayList<>();
    if (array != null) {
      for (Object value : array) {
        result.add(String.valueOf(value));
      }
    }
    return result;
  }

  String alnum(int length) {
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(chars.charAt(random.nextInt(chars.length())));
    }
    return s.toString();
  }

  /** {@code count} code points: ASCII letters, or (now and then) astral ones, so that lengths count code points. */
  String codePoints(int count) {
    boolean astral = random.nextInt(3) == 0;
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (astral) {
        s.appendCodePoint(0x1F600 + random.nextInt(40));
      } else {
        s.append((char) ('a' + random.nextInt(26)));
      }
    }
    return s.toString();
  }

  <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /**
   * A tiny generator for the patterns the contracts use: literals, escapes, {@code \d}, classes with ranges, and the
   * quantifiers {@code ? * + {m} {m,n}}; anchors are ignored.
   */
  static final class PatternStrings {

    private PatternStrings() {}

    static String generate(String pattern, Random random, int minLength, int maxLength) {
      StringBuilder out = new StringBuilder();
      int i = 0;
      while (i < pattern.length()) {
        char c = pattern.charAt(i);
        String choices;
        if (c == '^' || c == '$') {
          i++;
          continue;
        } else if (c == '[') {
          int end = pattern.indexOf(']', i + 1);
          while (pattern.charAt(end - 1) == '\\') {
            end = pattern.indexOf(']', end + 1);
          }
          choices = expandClass(pattern.substring(i + 1, end));
          i = end + 1;
        } else if (c == '\\') {
          char escaped = pattern.charAt(i + 1);
          choices = escaped == 'd' ? "0123456789" : String.valueOf(escaped);
          i += 2;
        } else {
          choices = String.valueOf(c);
          i++;
        }
        int min = 1;
        int max = 1;
        if (i < pattern.length()) {
          char q = pattern.charAt(i);
          if (q == '?') {
            min = 0;
            max = 1;
            i++;
          } else if (q == '*' || q == '+') {
            min = q == '*' ? 0 : 1;
            max = Math.max(min, Math.max(minLength, 1) + random.nextInt(Math.max(1, maxLength - minLength + 1)));
            i++;
          } else if (q == '{') {
            int end = pattern.indexOf('}', i);
            String[] bounds = pattern.substring(i + 1, end).split(",", -1);
            min = Integer.parseInt(bounds[0]);
            max = bounds.length == 1 ? min : bounds[1].isEmpty() ? min + 8 : Integer.parseInt(bounds[1]);
            i = end + 1;
          }
        }
        int count = min + random.nextInt(max - min + 1);
        for (int k = 0; k < count; k++) {
          out.append(choices.charAt(random.nextInt(choices.length())));
        }
      }
      return out.toString();
    }

    private static String expandClass(String body) {
      StringBuilder chars = new StringBuilder();
      for (int i = 0; i < body.length(); i++) {
        char c = body.charAt(i);
        if (c == '\\' && i + 1 < body.length()) {
          char e = body.charAt(++i);
          chars.append(e == 'd' ? "0123456789" : String.valueOf(e));
        } else if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
          for (char x = c; x <= body.charAt(i + 2); x++) {
            chars.append(x);
          }
          i += 2;
        } else {
          chars.append(c);
        }
      }
      return chars.toString();
    }
  }
}
