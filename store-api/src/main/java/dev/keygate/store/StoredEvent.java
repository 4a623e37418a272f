package dev.keygate.store;

import java.time.Instant;

/**
 * One change of one aggregate. Never carries secret material: {@code type} and the ids say what happened, to whom and
 * by whom.
 */
public record StoredEvent(String instanceId, String aggregateType, String aggregateId, long sequence, String type,
                          Instant createdAt, String actorId) {}
