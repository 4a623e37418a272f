package dev.keygate.gateway.http.edge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
 * holding U+0000 or a lone surrogate, which PostgreSQL cannot store and UTF-8 cannot encode. Every refusal says where
 * in the body it is ({@link JsonPosition}), so that a client can find a stray comma in a long body.
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

  /**
   * The decoded value; a {@link MalformedBodyException} naming where decoding stopped for anything the rules above
   * refuse.
   */
  Object decode(Buffer body) {
    byte[] text = body.getBytes();
    JsonParser parser = parser(text);
    Object value;
    try {
      value = JacksonCodec.fromParser(parser, Object.class);
    } catch (DecodeException e) {
      throw new MalformedBodyException(duplicateKey(e), JsonPosition.of(text, failedAt(e, parser)));
    }
    if (!storable(value)) {
      throw new MalformedBodyException(null, JsonPosition.of(text, firstUnstorableString(text)));
    }
    return value;
  }

  private JsonParser parser(byte[] text) {
    try {
      return factory.createParser(text);
    } catch (IOException e) {
      throw new MalformedBodyException(null, new JsonPosition(1, 1)); // Jackson reads an array without I/O
    }
  }

  /** The key an object repeated, when that is why decoding failed; null otherwise. */
  private static String duplicateKey(DecodeException failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof StreamReadException read) {
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(read.getOriginalMessage()));
        return duplicate.matches() ? duplicate.group(1) : null;
      }
    }
    return null;
  }

  /**
   * The byte offset of the failure: the parser's exception knows it for a syntax error (the character that broke
   * it, or the end of the input). Vert.x's refusal of a second value after the first and the nesting limit carry
   * none: there the last token read is the culprit. A body of nothing but whitespace has no token: its end is.
   */
  private static long failedAt(DecodeException failure, JsonParser parser) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof JsonProcessingException processing && processing.getLocation() != null
          && processing.getLocation().getByteOffset() >= 0) {
        return processing.getLocation().getByteOffset();
      }
    }
    long lastToken = parser.currentTokenLocation().getByteOffset();
    return lastToken >= 0 ? lastToken : parser.currentLocation().getByteOffset();
  }

  /** The byte offset of the first string or key that {@link #storable(String)} refuses, found by a second reading. */
  private long firstUnstorableString(byte[] text) {
    try (JsonParser parser = parser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if ((token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) && !storable(parser.getText())) {
          return parser.currentTokenLocation().getByteOffset();
        }
      }
    } catch (IOException e) {
      // the first reading decoded the same text; nothing is left to find
    }
    return 0;
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
