package dev.keygate.store;

import java.time.Instant;

/** A client's bearer token; only its keyed hash is stored. */
public record ClientToken(String instanceId, String clientId, String id, String tokenHash, String description,
                          Instant createdAt) {}
