package dev.keygate.store;

import java.time.Instant;
import java.util.List;

/** A tenant. {@code domains} holds the generated domain first, then the optional custom domain. */
public record Instance(String id, String name, String firstOrgId, List<Domain> domains, Instant createdAt,
                       Instant changedAt, long sequence) {

  public record Domain(String name, boolean generated, boolean primary) {}

  public Instance {
    domains = List.copyOf(domains);
  }

  public Instance withChange(Instant at, long newSequence) {
    return new Instance(id, name, firstOrgId, domains, createdAt, at, newSequence);
  }
}
