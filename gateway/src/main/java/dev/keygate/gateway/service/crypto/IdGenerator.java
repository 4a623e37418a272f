package dev.keygate.gateway.service.crypto;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sonyflake-style ids, as ZITADEL issues them: 39 bits of time in 10 ms units since 2019-04-29 UTC, an 8-bit sequence
 * and a 16-bit node id, written as a decimal string (18 digits today). Unique across gateway processes as long as
 * each has its own node id.
 *
 * <p>Unlike Sonyflake, a full sequence never sleeps (that would block an event loop): the generator borrows the next
 * time unit instead, so ids stay unique and increasing and run at most slightly ahead of the clock under bursts.
 */
public final class IdGenerator {

  private static final long EPOCH_MILLIS = Instant.parse("2019-04-29T00:00:00Z").toEpochMilli();
  private static final int SEQUENCE_BITS = 8;
  private static final int NODE_BITS = 16;
  private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

  private final Clock clock;
  private final long node;
  /** (elapsed time units << SEQUENCE_BITS) | sequence of the last id issued. */
  private final AtomicLong last = new AtomicLong();

  public IdGenerator(Clock clock, int nodeId) {
    if (nodeId < 0 || nodeId >= (1 << NODE_BITS)) {
      throw new IllegalArgumentException("node id must be in 0..65535, was " + nodeId);
    }
    this.clock = clock;
    this.node = nodeId;
  }

  public String next() {
    long now = (clock.millis() - EPOCH_MILLIS) / 10;
    long state = last.updateAndGet(previous -> {
      long previousTime = previous >>> SEQUENCE_BITS;
      if (now > previousTime) {
        return now << SEQUENCE_BITS;
      }
      return previous + 1; // same (or borrowed) time unit: next sequence, carrying into the next unit when full
    });
    return Long.toString((state << NODE_BITS) | node);
  }
}
