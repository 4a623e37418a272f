package dev.keygate.gateway.service;

import java.time.Clock;

/**
 * Droplit's id style: a one-letter kind prefix and a 24-hex-digit MongoDB-like ObjectId, whose first 8 digits are
 * the creation second, so ids sort roughly by creation time. The other 16 digits are random.
 */
final class ObjectIds {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Clock clock;
  private final SecretGenerator random;

  ObjectIds(Clock clock, SecretGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  String next(char prefix) {
    long seconds = clock.millis() / 1000;
    byte[] tail = random.bytes(8);
    char[] out = new char[25];
    out[0] = prefix;
    for (int i = 0; i < 8; i++) {
      out[1 + i] = HEX[(int) (seconds >>> (28 - 4 * i)) & 0xf];
    }
    for (int i = 0; i < 8; i++) {
      out[9 + 2 * i] = HEX[(tail[i] >> 4) & 0xf];
      out[10 + 2 * i] = HEX[tail[i] & 0xf];
    }
    return new String(out);
  }
}
