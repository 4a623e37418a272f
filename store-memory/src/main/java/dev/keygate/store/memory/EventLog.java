package dev.keygate.store.memory;

import dev.keygate.store.StoredEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One tenant's events, append-only, in fixed-size chunks: appending never copies earlier events (a growing array
 * would copy them all now and then) and never rehashes a map keyed by aggregate (with a million aggregates, such a
 * rehash under the tenant's monitor stalls every writer for tens of milliseconds). Reading one aggregate's events
 * scans the log: that is an audit query, not a hot path. Not thread-safe: use under the tenant's monitor.
 */
final class EventLog {

  private static final int CHUNK = 4096;

  private final List<StoredEvent[]> chunks = new ArrayList<>();
  private int size;

  void add(StoredEvent event) {
    if (size % CHUNK == 0) {
      chunks.add(new StoredEvent[CHUNK]);
    }
    chunks.get(size / CHUNK)[size % CHUNK] = event;
    size++;
  }

  List<StoredEvent> of(String aggregateId) {
    List<StoredEvent> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      StoredEvent event = chunks.get(i / CHUNK)[i % CHUNK];
      if (event.aggregateId().equals(aggregateId)) {
        out.add(event);
      }
    }
    return out;
  }
}
