package dev.keygate.store.memory;

import dev.keygate.store.StoredEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One tenant's most recent events, in fixed-size chunks: appending never copies earlier events (a growing array
 * would copy them all now and then) and never rehashes a map keyed by aggregate (with a million aggregates, such a
 * rehash under the tenant's monitor stalls every writer for tens of milliseconds). Bounded: once it holds its limit,
 * a new chunk drops the oldest one, so that a load test that creates and deletes without end keeps a level heap
 * instead of filling the store's capacity with history (PostgreSQL keeps every event). Reading one aggregate's events
 * scans the log: that is an audit query, not a hot path. Not thread-safe: use under the tenant's monitor.
 */
final class EventLog {

  static final int CHUNK = 4096;

  private final int maxChunks;
  private final ArrayDeque<StoredEvent[]> chunks = new ArrayDeque<>();
  /** Slots used in the newest chunk. */
  private int inNewest = CHUNK;

  /** A log that keeps at least {@code maxEvents} of the newest events (rounded up to whole chunks). */
  EventLog(int maxEvents) {
    if (maxEvents <= 0) {
      throw new IllegalArgumentException("an event log keeps at least one event");
    }
    this.maxChunks = (maxEvents + CHUNK - 1) / CHUNK;
  }

  /** Appends the event; returns how many of the oldest events it dropped to stay within the limit. */
  int add(StoredEvent event) {
    int dropped = 0;
    if (inNewest == CHUNK) {
      if (chunks.size() == maxChunks) {
        chunks.removeFirst();
        dropped = CHUNK;
      }
      chunks.addLast(new StoredEvent[CHUNK]);
      inNewest = 0;
    }
    chunks.peekLast()[inNewest++] = event;
    return dropped;
  }

  List<StoredEvent> of(String aggregateId) {
    List<StoredEvent> out = new ArrayList<>();
    for (StoredEvent[] chunk : chunks) {
      int used = chunk == chunks.peekLast() ? inNewest : CHUNK;
      for (int i = 0; i < used; i++) {
        if (chunk[i].aggregateId().equals(aggregateId)) {
          out.add(chunk[i]);
        }
      }
    }
    return out;
  }
}
