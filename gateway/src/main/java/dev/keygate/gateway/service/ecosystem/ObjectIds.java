package dev.keygate.gateway.service.ecosystem;

import dev.keygate.gateway.service.crypto.SecretGenerator;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Droplit's id style: a one-letter kind prefix and a 24-hex-digit MongoDB ObjectId laid out as MongoDB does it:
 * 4 bytes of creation second, 5 random bytes fixed per process, and a 3-byte counter starting at a random value.
 * Ids thus grow within a process, so stores append them at the end of their indexes (random ids would insert all
 * over a large index, and every young GC would scan the old-to-young references that leaves behind).
 */
final class ObjectIds {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Clock clock;
  private final char[] process = new char[10];
  private final AtomicInteger counter;

  ObjectIds(Clock clock, SecretGenerator random) {
    this.clock = clock;
    byte[] bytes = random.bytes(8);
    for (int i = 0; i < 5; i++) {
      process[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      process[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    this.counter = new AtomicInteger(((bytes[5] & 0xff) << 16) | ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff));
  }

  String next(char prefix) {
    long seconds = clock.millis() / 1000;
    int count = counter.getAndIncrement() & 0xffffff;
    char[] out = new char[25];
    out[0] = prefix;
    for (int i = 0; i < 8; i++) {
      out[1 + i] = HEX[(int) (seconds >>> (28 - 4 * i)) & 0xf];
    }
    System.arraycopy(process, 0, out, 9, 10);
    for (int i = 0; i < 6; i++) {
      out[19 + i] = HEX[(count >>> (20 - 4 * i)) & 0xf];
    }
    return new String(out);
  }
}
