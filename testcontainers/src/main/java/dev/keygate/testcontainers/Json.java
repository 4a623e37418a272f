package dev.keygate.testcontainers;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON that {@link KeygateContainer} reads and writes (Keygate's answers, a request's string values), so
 * that the module needs no JSON library of its own. Objects come back as {@code Map<String, Object>}, arrays as
 * {@code List<Object>}, numbers as {@link BigDecimal}, and {@code true}, {@code false}, {@code null} as themselves.
 */
final class Json {

  private final String text;
  private int at;

  private Json(String text) {
    this.text = text;
  }

  /** The value of a whole JSON document; {@link IllegalArgumentException} when it is not JSON. */
  static Object parse(String text) {
    Json json = new Json(text);
    Object value = json.value();
    json.space();
    if (json.at != text.length()) {
      throw json.error("end of the document expected");
    }
    return value;
  }

  /** A JSON string literal, quotes included. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** The object at this path of nested objects, e.g. {@code object(answer, "details")}; an error when missing. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value, String... path) {
    Object current = value;
    for (String key : path) {
      if (!(current instanceof Map)) {
        throw new IllegalArgumentException("no object at " + key);
      }
      current = ((Map<String, Object>) current).get(key);
    }
    if (!(current instanceof Map)) {
      throw new IllegalArgumentException("no object at " + String.join(".", path));
    }
    return (Map<String, Object>) current;
  }

  /** The string member of an object; an error when missing or not a string. */
  static String string(Map<String, Object> object, String key) {
    Object value = object.get(key);
    if (!(value instanceof String)) {
      throw new IllegalArgumentException("no string at " + key + " in " + object.keySet());
    }
    return (String) value;
  }

  private Object value() {
    space();
    if (at >= text.length()) {
      throw error("a value expected");
    }
    char c = text.charAt(at);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        return number();
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> members = new LinkedHashMap<>();
    at++; // {
    space();
    if (peek() == '}') {
      at++;
      return members;
    }
    while (true) {
      space();
      if (peek() != '"') {
        throw error("a member name expected");
      }
      String name = string();
      space();
      expect(':');
      members.put(name, value());
      space();
      char next = next();
      if (next == '}') {
        return members;
      }
      if (next != ',') {
        throw error("',' or '}' expected");
      }
    }
  }

  private List<Object> array() {
    List<Object> items = new ArrayList<>();
    at++; // [
    space();
    if (peek() == ']') {
      at++;
      return items;
    }
    while (true) {
      items.add(value());
      space();
      char next = next();
      if (next == ']') {
        return items;
      }
      if (next != ',') {
        throw error("',' or ']' expected");
      }
    }
  }

  private String string() {
    at++; // "
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escaped = next();
      switch (escaped) {
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw error("four hex digits expected");
          }
          out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          at += 4;
        }
        default -> out.append(escaped); // " \ /
      }
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw error("'" + word + "' expected");
    }
    at += word.length();
    return value;
  }

  private BigDecimal number() {
    int start = at;
    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    try {
      return new BigDecimal(text.substring(start, at));
    } catch (NumberFormatException e) {
      at = start;
      throw error("a value expected");
    }
  }

  private void space() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private char peek() {
    return at < text.length() ? text.charAt(at) : 0;
  }

  private char next() {
    if (at >= text.length()) {
      throw error("the document ends too early");
    }
    return text.charAt(at++);
  }

  private void expect(char c) {
    if (next() != c) {
      at--;
      throw error("'" + c + "' expected");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("not JSON: " + what + " at " + at + " of "
        + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
  }
}
