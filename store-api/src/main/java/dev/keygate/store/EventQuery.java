package dev.keygate.store;

import java.time.Instant;
import java.util.Set;

/**
 * What an instance-wide search of the event log asks for ({@link EventStore#search}). Every filter is optional (null
 * or empty: any value); filters combine with AND, the values of one set with OR. {@code createdAfter} and
 * {@code createdBefore} are exclusive, as ZITADEL's "after" and "before" are. {@code cursor} is the {@code position}
 * of the last event of the previous page (0: from the start): a page continues strictly after it in the page's own
 * order, so pages neither skip nor repeat an event however many are written meanwhile.
 *
 * @param resourceOwner the owner {@link EventStore#search} derives for each event: an organization id, or the
 *                      instance id for the instance's own and its Droplit objects
 */
public record EventQuery(Set<String> aggregateTypes, String aggregateId, Set<String> types, String actorId,
                         String resourceOwner, Instant createdAfter, Instant createdBefore, long cursor,
                         boolean ascending, int limit) {

  /** The most events one page holds (ZITADEL's cap of ListEvents). */
  public static final int MAX_LIMIT = 1000;

  public EventQuery {
    aggregateTypes = aggregateTypes == null ? Set.of() : Set.copyOf(aggregateTypes);
    types = types == null ? Set.of() : Set.copyOf(types);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("an event page holds 1 to " + MAX_LIMIT + " events, not " + limit);
    }
    if (cursor < 0) {
      throw new IllegalArgumentException("a cursor is a position (at least 1) or 0, not " + cursor);
    }
  }

  /** Every event of the instance, newest first, {@code limit} to a page. */
  public static EventQuery newestFirst(int limit) {
    return new EventQuery(Set.of(), null, Set.of(), null, null, null, null, 0, false, limit);
  }

  public EventQuery oldestFirst() {
    return new EventQuery(aggregateTypes, aggregateId, types, actorId, resourceOwner, createdAfter, createdBefore,
        cursor, true, limit);
  }

  /** The page after the event at {@code position}. */
  public EventQuery after(long position) {
    return new EventQuery(aggregateTypes, aggregateId, types, actorId, resourceOwner, createdAfter, createdBefore,
        position, ascending, limit);
  }

  public EventQuery ofAggregateTypes(Set<String> anyOf) {
    return new EventQuery(anyOf, aggregateId, types, actorId, resourceOwner, createdAfter, createdBefore, cursor,
        ascending, limit);
  }

  public EventQuery ofAggregate(String id) {
    return new EventQuery(aggregateTypes, id, types, actorId, resourceOwner, createdAfter, createdBefore, cursor,
        ascending, limit);
  }

  public EventQuery ofTypes(Set<String> anyOf) {
    return new EventQuery(aggregateTypes, aggregateId, anyOf, actorId, resourceOwner, createdAfter, createdBefore,
        cursor, ascending, limit);
  }

  public EventQuery byActor(String id) {
    return new EventQuery(aggregateTypes, aggregateId, types, id, resourceOwner, createdAfter, createdBefore, cursor,
        ascending, limit);
  }

  public EventQuery ownedBy(String owner) {
    return new EventQuery(aggregateTypes, aggregateId, types, actorId, owner, createdAfter, createdBefore, cursor,
        ascending, limit);
  }

  /** Created strictly after {@code after} and strictly before {@code before} (either null: unbounded). */
  public EventQuery createdBetween(Instant after, Instant before) {
    return new EventQuery(aggregateTypes, aggregateId, types, actorId, resourceOwner, after, before, cursor,
        ascending, limit);
  }
}
