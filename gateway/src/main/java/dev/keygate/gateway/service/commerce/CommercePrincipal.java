package dev.keygate.gateway.service.commerce;

import java.time.Instant;

/**
 * Who calls the commerce admin API: a human admin user or an application (logged in with its key), of one instance
 * and organization, with the access token it presented ({@code tokenId} and {@code tokenExpiresAt} null until one
 * is issued).
 */
public record CommercePrincipal(String instanceId, String orgId, String id, String kind, String firstName,
                                String lastName, String tokenId, Instant tokenExpiresAt) {

  /** The kind of a principal that logged in with an application key. */
  static final String APPLICATION = "application";
  /** The kind of a principal that logged in with a user's password. */
  static final String USER = "user";

  public boolean isApplication() {
    return APPLICATION.equals(kind);
  }
}
