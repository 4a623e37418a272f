package dev.keygate.gateway.service;

import java.time.Instant;

/**
 * What a new instance starts with; exactly one of {@code human} and {@code machine} is set. (The contract also
 * accepts ZITADEL's {@code defaultLanguage}; Keygate keeps nothing that it would apply to, so it is not read.)
 */
public record InstanceRequest(String name, String firstOrgName, String customDomain, HumanOwner human,
                              MachineOwner machine) {

  public record HumanOwner(String userName, String email, boolean emailVerified, String firstName, String lastName,
                           String preferredLanguage, String password) {}

  /** {@code patExpiration}/{@code keyExpiration} null means "never"; the flags say whether to issue one at all. */
  public record MachineOwner(String userName, String name, boolean withPat, Instant patExpiration, boolean withKey,
                             Instant keyExpiration) {}
}
