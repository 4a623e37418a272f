package dev.keygate.gateway.http.edge;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a raw request URI decodes to text every layer can hold: percent escapes well formed, no NUL or other
 * control character, and the escaped bytes valid UTF-8 (which also rules out encoded surrogates). PostgreSQL refuses
 * NUL in text ("invalid byte sequence"), so a NUL reaching a query is a server error unless it is refused here.
 */
final class UriText {

  enum Verdict { CLEAN, BAD_ESCAPE, INVALID }

  private UriText() {}

  static Verdict check(String uri) {
    boolean escapedNonAscii = false;
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '%') {
        if (i + 2 >= uri.length() || hex(uri.charAt(i + 1)) < 0 || hex(uri.charAt(i + 2)) < 0) {
          return Verdict.BAD_ESCAPE;
        }
        int b = hex(uri.charAt(i + 1)) * 16 + hex(uri.charAt(i + 2));
        if (b < 0x20 || b == 0x7f) {
          return Verdict.INVALID;
        }
        escapedNonAscii |= b >= 0x80;
        i += 2;
      } else if (c < 0x20 || c == 0x7f) {
        return Verdict.INVALID;
      }
    }
    // only escaped bytes can be invalid UTF-8: ASCII always is, and the HTTP layer already decoded the rest
    return escapedNonAscii ? utf8(uri) : Verdict.CLEAN;
  }

  /** Whether the bytes the escapes stand for are valid UTF-8 (the URI is known to be well escaped). */
  private static Verdict utf8(String uri) {
    byte[] bytes = new byte[uri.length()];
    int length = 0;
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '%') {
        bytes[length++] = (byte) (hex(uri.charAt(i + 1)) * 16 + hex(uri.charAt(i + 2)));
        i += 2;
      } else {
        bytes[length++] = c >= 0x80 ? (byte) ' ' : (byte) c; // invalid raw bytes already arrive as U+FFFD
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length));
      return Verdict.CLEAN;
    } catch (CharacterCodingException e) {
      return Verdict.INVALID;
    }
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
