package dev.keygate.gateway.http.edge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON a request body may hold, decoded by a parser of our own rather than Vert.x's shared one, because the edge
 * wants stricter rules: nesting deeper than {@link EdgeLimits#jsonDepth()} is refused while parsing (a deep body
 * otherwise costs the validators a stack frame per level), a key repeated in one object is refused (protojson, and so
 * ZITADEL, does the same; two parsers reading "the" value differently is how checks get bypassed), and so is a string
 * holding U+0000 or a lone surrogate, which PostgreSQL cannot store and UTF-8 cannot encode.
 */
final class StrictJson {

  /** Jackson's words for a repeated key (STRICT_DUPLICATE_DETECTION). */
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

  private final JsonFactory factory;

  StrictJson(int maxDepth) {
    this.factory = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
        .build();
  }

  /** The decoded value; a {@link DecodeException} for anything the rules above refuse. */
  Object decode(Buffer body) {
    JsonParser parser;
    try {
      parser = factory.createParser(body.getBytes());
    } catch (IOException e) {
      throw new DecodeException("unreadable body");
    }
    Object value = JacksonCodec.fromParser(parser, Object.class);
    if (!storable(value)) {
      throw new DecodeException("NUL or unpaired surrogate in a string");
    }
    return value;
  }

  /** The key an object repeated, when that is why decoding failed; null otherwise. */
  static String duplicateKey(DecodeException failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof StreamReadException read) {
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(read.getOriginalMessage()));
        return duplicate.matches() ? duplicate.group(1) : null;
      }
    }
    return null;
  }

  /** Recursion is bounded: the parser has already refused anything deeper than the limit. */
  private static boolean storable(Object value) {
    if (value instanceof String text) {
      return storable(text);
    }
    if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        if (!storable(entry.getKey()) || !storable(entry.getValue())) {
          return false;
        }
      }
    } else if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (!storable(item)) {
          return false;
        }
      }
    }
    return true;
  }

  static boolean storable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
