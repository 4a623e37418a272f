package dev.keygate.store;

import io.vertx.core.Future;
import java.util.List;

/** The audit trail: every write appends one event per aggregate it changed, numbered without gaps. */
public interface EventStore {

  /** The events of one aggregate, oldest first. */
  Future<List<StoredEvent>> events(String instanceId, String aggregateId);

  /**
   * One page of the instance's events that match {@code query}, in {@code position} order (newest first unless the
   * query ascends); never an event of another instance.
   *
   * <p>Why {@code position}: an aggregate's {@code sequence} orders only that aggregate, and creation times tie (one
   * write's events share its instant) and come from each process's clock. The position is handed out as each event
   * is written and only grows, so it orders the whole log and serves as the paging cursor, as ZITADEL's
   * instance-wide sequence does. Positions are unique in the instance but not gap-free, and a write that commits
   * after a later-numbered one (two transactions racing) shows up on a fresh first page, not behind a cursor past
   * it.
   *
   * <p>The resource owner of an event, as the query filters it and {@link FoundEvent} carries it: the aggregate's
   * id for an organization, the owning organization for a user, a project or a commerce application (null once that
   * object is removed), and the instance id for the instance itself and its Droplit ecosystems and clients.
   */
  Future<List<FoundEvent>> search(String instanceId, EventQuery query);
}
