package dev.keygate.gateway.domain;

/**
 * Every failure a service can report. Each surface owns a catalogue that maps these to its vendor's wire error, so
 * the meaning of each value is written where it is raised, not here.
 */
public enum DomainError {
  AUTH_HEADER_MISSING,
  AUTH_HEADER_INVALID,
  TOKEN_INVALID,
  ORG_NOT_FOUND,
  MEMBERSHIP_NOT_FOUND,
  PERMISSION_DENIED,
  INSTANCE_NOT_FOUND,
  INSTANCE_DOMAIN_TAKEN,
  /** The project an app is added to is unknown, removed or of another org (ZITADEL: failed precondition). */
  PROJECT_NOT_FOUND_FOR_APP,
  PROJECT_NOT_FOUND,
  APP_NOT_FOUND,
  APP_NAME_TAKEN,
  APP_HAS_NO_SECRET,
  USER_NOT_FOUND,
  USER_NAME_TAKEN,
  USER_NOT_MACHINE,
  MACHINE_SECRET_NOT_FOUND,
  MEMBER_ALREADY_EXISTS,
  /** Another organization of the instance has this name. */
  ORG_NAME_TAKEN,
  /** A personal access token that is not this user's, or no longer exists. */
  PAT_NOT_FOUND,
  /** A machine user's or an app's key that is not theirs, or no longer exists. */
  KEY_NOT_FOUND,
  EXPIRATION_IN_PAST,
  /** A rotation asked to keep the previous secret valid for longer than {@code SecretRotation.LONGEST_OVERLAP}. */
  OVERLAP_TOO_LONG,
  /** Ending a rotation's overlap when there is no previous secret (none kept, or it expired already). */
  PREVIOUS_SECRET_NOT_FOUND,
  GIVEN_NAME_MISSING,
  FAMILY_NAME_MISSING,
  /** The token is valid but may not do this (e.g. a server token creating an ecosystem). */
  OPERATION_NOT_ALLOWED,
  /** The ecosystem or client was removed, belongs to another tenant, or lies outside the token's reach. */
  ECOSYSTEM_NOT_FOUND,
  CLIENT_NOT_FOUND,
  /** An Oracle Commerce application ID that is not the caller organization's, or not of the type named. */
  COMMERCE_APP_NOT_FOUND,
  /** A login with wrong, unknown, expired or revoked credentials. */
  LOGIN_FAILED,
  /** An Idempotency-Key header that is not one string of at most 255 printable ASCII characters (400). */
  IDEMPOTENCY_KEY_INVALID,
  /** The first request with this Idempotency-Key is still running (409, retry later). */
  IDEMPOTENCY_KEY_IN_FLIGHT,
  /** The Idempotency-Key was used with another method, path or body within its 24 hours (422). */
  IDEMPOTENCY_KEY_REUSED,
  UNAVAILABLE,
  /**
   * The store is full (the memory store's capacity): a write that would add to it was refused and changed nothing;
   * reads, removals and tokens still work. Each surface answers it as its "resource exhausted" (ZITADEL code 8, 429).
   */
  RESOURCE_EXHAUSTED,
  INTERNAL;

  public DomainException exception() {
    return new DomainException(this);
  }
}
