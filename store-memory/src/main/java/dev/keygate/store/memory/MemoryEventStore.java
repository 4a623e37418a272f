package dev.keygate.store.memory;

import dev.keygate.store.CommerceApplication;
import dev.keygate.store.EventQuery;
import dev.keygate.store.EventStore;
import dev.keygate.store.EventTypes;
import dev.keygate.store.FoundEvent;
import dev.keygate.store.Project;
import dev.keygate.store.StoredEvent;
import dev.keygate.store.User;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** The audit trail: each tenant keeps its own {@link EventLog}, so a removed instance takes its events with it. */
record MemoryEventStore(Tenants tenants) implements EventStore {

  @Override
  public Future<List<StoredEvent>> events(String instanceId, String aggregateId) {
    Tenant tenant = tenants.get(instanceId);
    return Future.succeededFuture(tenant == null ? List.of() : tenant.eventsOf(aggregateId));
  }

  @Override
  public Future<List<FoundEvent>> search(String instanceId, EventQuery query) {
    Tenant tenant = tenants.get(instanceId);
    if (tenant == null) {
      return Future.succeededFuture(List.of());
    }
    List<StoredEvent> page = tenant.eventPage(matching(tenant, query), query.cursor(), query.ascending(),
        query.limit());
    return Future.succeededFuture(page.stream().map(event -> new FoundEvent(event, owner(tenant, event),
        actorName(tenant, event))).toList());
  }

  private static Predicate<StoredEvent> matching(Tenant tenant, EventQuery query) {
    return event -> (query.aggregateTypes().isEmpty() || query.aggregateTypes().contains(event.aggregateType()))
        && (query.aggregateId() == null || query.aggregateId().equals(event.aggregateId()))
        && (query.types().isEmpty() || query.types().contains(event.type()))
        && (query.actorId() == null || query.actorId().equals(event.actorId()))
        && (query.createdAfter() == null || event.createdAt().isAfter(query.createdAfter()))
        && (query.createdBefore() == null || event.createdAt().isBefore(query.createdBefore()))
        && (query.resourceOwner() == null || query.resourceOwner().equals(owner(tenant, event)));
  }

  /** The owner {@link EventStore#search} defines, from the tenant's objects as they are now. */
  private static String owner(Tenant tenant, StoredEvent event) {
    return switch (event.aggregateType()) {
      case EventTypes.Aggregate.ORG -> event.aggregateId();
      case EventTypes.Aggregate.USER -> orgOf(tenant.users.get(event.aggregateId()), User::orgId);
      case EventTypes.Aggregate.PROJECT -> orgOf(tenant.projects.get(event.aggregateId()), Project::orgId);
      case EventTypes.Aggregate.COMMERCE_APPLICATION ->
          orgOf(tenant.commerceApplications.get(event.aggregateId()), CommerceApplication::orgId);
      default -> event.instanceId();
    };
  }

  private static <T> String orgOf(T object, Function<T, String> org) {
    return object == null ? null : org.apply(object);
  }

  private static String actorName(Tenant tenant, StoredEvent event) {
    User actor = event.actorId() == null ? null : tenant.users.get(event.actorId());
    return actor == null ? null : actor.displayName();
  }
}
