package dev.keygate.store;

import java.time.Instant;

public record Organization(String instanceId, String id, String name, Instant createdAt, long sequence) {}
