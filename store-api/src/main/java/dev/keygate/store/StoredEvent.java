package dev.keygate.store;

import java.time.Instant;

/**
 * One change of one aggregate. Never carries secret material: {@code type} and the ids say what happened, to whom and
 * by whom. {@code sequence} counts the aggregate's own events without gaps; {@code position} places the event in its
 * instance's whole log (see {@link EventStore#search}).
 */
public record StoredEvent(String instanceId, String aggregateType, String aggregateId, long sequence, String type,
                          Instant createdAt, String actorId, long position) {}
