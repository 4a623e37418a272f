package dev.keygate.gateway.service.ecosystem;

/**
 * Who calls the ecosystem API: an account (an instance owner's PAT, {@code ecosystemId} null: the whole instance) or
 * a server client's token ({@code ecosystemId} set: that ecosystem only).
 */
public record EcosystemCaller(String instanceId, String actorId, String ecosystemId) {

  public boolean isAccount() {
    return ecosystemId == null;
  }

  /** Whether an ecosystem is within this caller's reach. */
  public boolean reaches(String ecosystem) {
    return ecosystemId == null || ecosystemId.equals(ecosystem);
  }
}
