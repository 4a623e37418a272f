package dev.keygate.gateway.http.edge;

/**
 * Where in a JSON body decoding failed, counted as protojson (ZITADEL's decoder) counts in its {@code (line L:C)}:
 * lines split at {@code \n}, the column in characters, both from 1. Jackson's own column counts bytes, which an
 * accented letter earlier on the line would shift.
 */
public record JsonPosition(int line, int column) {

  /** The position of byte {@code offset} of the UTF-8 {@code text} (its end when the offset is past it). */
  static JsonPosition of(byte[] text, long offset) {
    int end = (int) Math.max(0, Math.min(offset, text.length));
    int line = 1;
    int column = 1;
    for (int i = 0; i < end; i++) {
      byte b = text[i];
      if (b == '\n') {
        line++;
        column = 1;
      } else if ((b & 0xC0) != 0x80) {
        column++; // a character starts with any byte but a UTF-8 continuation byte
      }
    }
    return new JsonPosition(line, column);
  }
}
