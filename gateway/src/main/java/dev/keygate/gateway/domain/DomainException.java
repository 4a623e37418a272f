package dev.keygate.gateway.domain;

/** A failure with a domain meaning; carries no secret material and no stack trace (it is an expected outcome). */
public final class DomainException extends RuntimeException {

  private final DomainError error;

  public DomainException(DomainError error) {
    super(error.name(), null, false, false);
    this.error = error;
  }

  public DomainError error() {
    return error;
  }
}
