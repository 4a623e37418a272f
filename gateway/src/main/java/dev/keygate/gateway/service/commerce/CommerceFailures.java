package dev.keygate.gateway.service.commerce;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.service.StoreFailures;
import dev.keygate.store.StoreException;
import io.vertx.core.Future;
import java.util.Map;

/** The store errors of the commerce services in domain terms: a vanished organization ends the caller's token. */
final class CommerceFailures {

  private static final Map<StoreException.Entity, DomainError> ERRORS = Map.of(
      StoreException.Entity.COMMERCE_APP, DomainError.COMMERCE_APP_NOT_FOUND,
      StoreException.Entity.ORGANIZATION, DomainError.TOKEN_INVALID);

  private CommerceFailures() {}

  static <T> Future<T> translate(Throwable failure) {
    return Future.failedFuture(StoreFailures.translate(failure, ERRORS));
  }
}
