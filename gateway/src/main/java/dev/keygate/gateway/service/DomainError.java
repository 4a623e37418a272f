package dev.keygate.gateway.service;

/**
 * Every failure a service can report. Each surface owns a catalogue that maps these to its vendor's wire error; the
 * {@link Category} is the neutral meaning a catalogue may fall back on.
 */
public enum DomainError {
  AUTH_HEADER_MISSING(Category.UNAUTHENTICATED),
  AUTH_HEADER_INVALID(Category.UNAUTHENTICATED),
  TOKEN_INVALID(Category.UNAUTHENTICATED),
  ORG_NOT_FOUND(Category.PERMISSION_DENIED),
  MEMBERSHIP_NOT_FOUND(Category.NOT_FOUND),
  PERMISSION_DENIED(Category.PERMISSION_DENIED),
  INSTANCE_NOT_FOUND(Category.NOT_FOUND),
  INSTANCE_DOMAIN_TAKEN(Category.ALREADY_EXISTS),
  /** The project an app is added to is unknown, removed or of another org (ZITADEL: failed precondition). */
  PROJECT_NOT_FOUND_FOR_APP(Category.PRECONDITION_FAILED),
  PROJECT_NOT_FOUND(Category.NOT_FOUND),
  APP_NOT_FOUND(Category.NOT_FOUND),
  APP_NAME_TAKEN(Category.ALREADY_EXISTS),
  APP_HAS_NO_SECRET(Category.PRECONDITION_FAILED),
  USER_NOT_FOUND(Category.NOT_FOUND),
  USER_NAME_TAKEN(Category.ALREADY_EXISTS),
  USER_NOT_MACHINE(Category.PRECONDITION_FAILED),
  MACHINE_SECRET_NOT_FOUND(Category.PRECONDITION_FAILED),
  MEMBER_ALREADY_EXISTS(Category.ALREADY_EXISTS),
  EXPIRATION_IN_PAST(Category.INVALID_ARGUMENT),
  GIVEN_NAME_MISSING(Category.INVALID_ARGUMENT),
  FAMILY_NAME_MISSING(Category.INVALID_ARGUMENT),
  /** The token is valid but may not do this (e.g. a server token creating an ecosystem). */
  OPERATION_NOT_ALLOWED(Category.PERMISSION_DENIED),
  /** The ecosystem or client was removed, belongs to another tenant, or lies outside the token's reach. */
  ECOSYSTEM_NOT_FOUND(Category.NOT_FOUND),
  CLIENT_NOT_FOUND(Category.NOT_FOUND),
  /** An Oracle Commerce application ID that is not the caller organization's, or not of the type named. */
  COMMERCE_APP_NOT_FOUND(Category.NOT_FOUND),
  /** A login with wrong, unknown, expired or revoked credentials. */
  LOGIN_FAILED(Category.UNAUTHENTICATED),
  UNAVAILABLE(Category.UNAVAILABLE),
  INTERNAL(Category.INTERNAL);

  public enum Category {
    INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, ALREADY_EXISTS, PRECONDITION_FAILED, UNAVAILABLE,
    INTERNAL
  }

  private final Category category;

  DomainError(Category category) {
    this.category = category;
  }

  public Category category() {
    return category;
  }

  public DomainException exception() {
    return new DomainException(this);
  }
}
