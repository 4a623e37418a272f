package dev.keygate.gateway.service;

import dev.keygate.store.EventQuery;
import dev.keygate.store.EventStore;
import dev.keygate.store.EventTypes;
import dev.keygate.store.FoundEvent;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * The audit trail as an instance owner reads it: pages of the scope's instance's events, and the event and aggregate
 * types a search can filter on. Events carry no secret (see {@code StoredEvent}), so nothing needs hiding here.
 */
public final class EventService {

  private final EventStore store;

  public EventService(EventStore store) {
    this.store = store;
  }

  /** One page of the instance's events; the scope's instance only, never another's. */
  public Future<List<FoundEvent>> search(Scope scope, EventQuery query) {
    return store.search(scope.instanceId(), query)
        .recover(failure -> Future.failedFuture(StoreFailures.translate(failure, Map.of())));
  }

  /** Every event type the stores record, sorted. */
  public List<String> eventTypes() {
    return EventTypes.all();
  }

  /** Every aggregate type, sorted. */
  public List<String> aggregateTypes() {
    return EventTypes.Aggregate.all();
  }
}
