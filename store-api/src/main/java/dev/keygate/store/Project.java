package dev.keygate.store;

import java.time.Instant;

public record Project(String instanceId, String orgId, String id, String name, boolean projectRoleAssertion,
                      boolean projectRoleCheck, boolean hasProjectCheck, Instant createdAt, Instant changedAt,
                      long sequence) {

  public Project withChange(Instant at, long newSequence) {
    return new Project(instanceId, orgId, id, name, projectRoleAssertion, projectRoleCheck, hasProjectCheck, createdAt,
        at, newSequence);
  }
}
