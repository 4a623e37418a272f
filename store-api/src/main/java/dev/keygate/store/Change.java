package dev.keygate.store;

import java.time.Instant;

/** Who makes a change and when; the store turns it into events with the next sequences of the aggregates touched. */
public record Change(String actorId, Instant at) {}
