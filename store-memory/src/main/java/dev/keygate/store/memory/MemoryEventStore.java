package dev.keygate.store.memory;

import dev.keygate.store.EventStore;
import dev.keygate.store.StoredEvent;
import io.vertx.core.Future;
import java.util.List;

/** The audit trail: each tenant keeps its own {@link EventLog}, so a removed instance takes its events with it. */
record MemoryEventStore(Tenants tenants) implements EventStore {

  @Override
  public Future<List<StoredEvent>> events(String instanceId, String aggregateId) {
    Tenant tenant = tenants.get(instanceId);
    return Future.succeededFuture(tenant == null ? List.of() : tenant.eventsOf(aggregateId));
  }
}
