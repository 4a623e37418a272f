package dev.keygate.store;

import io.vertx.core.Future;
import java.util.List;

/** The audit trail: every write appends one event per aggregate it changed, numbered without gaps. */
public interface EventStore {

  /** The events of one aggregate, oldest first. */
  Future<List<StoredEvent>> events(String instanceId, String aggregateId);
}
