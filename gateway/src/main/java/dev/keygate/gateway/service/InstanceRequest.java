package dev.keygate.gateway.service;

import java.time.Instant;

/** What a new instance starts with; exactly one of {@code human} and {@code machine} is set. */
public record InstanceRequest(String name, String firstOrgName, String customDomain, String defaultLanguage,
                              HumanOwner human, MachineOwner machine) {

  public record HumanOwner(String userName, String email, boolean emailVerified, String firstName, String lastName,
                           String preferredLanguage, String password) {}

  /** {@code patExpiration}/{@code keyExpiration} null means "never"; the flags say whether to issue one at all. */
  public record MachineOwner(String userName, String name, boolean withPat, Instant patExpiration, boolean withKey,
                             Instant keyExpiration) {}
}
