package dev.keygate.store.memory;

import dev.keygate.store.StoredEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * One tenant's most recent events, in fixed-size chunks: appending never copies earlier events (a growing array
 * would copy them all now and then) and never rehashes a map keyed by aggregate (with a million aggregates, such a
 * rehash under the tenant's monitor stalls every writer for tens of milliseconds). Bounded: once it holds its limit,
 * a new chunk drops the oldest one, so that a load test that creates and deletes without end keeps a level heap
 * instead of filling the store's capacity with history (PostgreSQL keeps every event). Reading one aggregate's
 * events or a page of a search scans the log: those are audit queries, not a hot path. Not thread-safe: use under the
 * tenant's monitor.
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

  /**
   * Up to {@code limit} events that pass {@code filter}, strictly after the event at {@code cursor} (0: from the
   * start) in the page's order: oldest first when {@code ascending}, else newest first. Positions grow in log order,
   * so the log is already in position order and a page is one walk in either direction.
   */
  List<StoredEvent> page(Predicate<StoredEvent> filter, long cursor, boolean ascending, int limit) {
    List<StoredEvent> out = new ArrayList<>(Math.min(limit, 64));
    Iterator<StoredEvent[]> walk = ascending ? chunks.iterator() : chunks.descendingIterator();
    while (walk.hasNext() && out.size() < limit) {
      StoredEvent[] chunk = walk.next();
      int used = chunk == chunks.peekLast() ? inNewest : CHUNK;
      for (int n = 0; n < used && out.size() < limit; n++) {
        StoredEvent event = chunk[ascending ? n : used - 1 - n];
        boolean pastCursor = cursor == 0 || (ascending ? event.position() > cursor : event.position() < cursor);
        if (pastCursor && filter.test(event)) {
          out.add(event);
        }
      }
    }
    return out;
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
