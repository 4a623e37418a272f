package dev.keygate.gateway.service;

import dev.keygate.gateway.domain.DomainError;
import java.time.Instant;

/** ZITADEL's rule: no expiration means 9999-12-31T23:59:59Z; one in the past is refused. */
final class Expirations {

  static final Instant NEVER = Instant.parse("9999-12-31T23:59:59Z");

  private Expirations() {}

  static Instant orNever(Instant requested, Instant now) {
    if (requested == null) {
      return NEVER;
    }
    if (!requested.isAfter(now)) {
      throw DomainError.EXPIRATION_IN_PAST.exception();
    }
    return requested;
  }
}
