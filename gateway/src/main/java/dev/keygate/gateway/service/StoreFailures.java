package dev.keygate.gateway.service;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.domain.DomainException;
import dev.keygate.store.StoreException;
import java.util.Map;

/** Translates typed store errors into domain errors; what a caller does not expect becomes INTERNAL. */
public final class StoreFailures {

  private StoreFailures() {}

  public static Throwable translate(Throwable failure, Map<StoreException.Entity, DomainError> byEntity) {
    if (failure instanceof DomainException) {
      return failure;
    }
    if (failure instanceof StoreException store) {
      if (store.kind() == StoreException.Kind.UNAVAILABLE) {
        return DomainError.UNAVAILABLE.exception();
      }
      if (store.kind() == StoreException.Kind.RESOURCE_EXHAUSTED) {
        return DomainError.RESOURCE_EXHAUSTED.exception(); // whatever entity was refused: the store is full
      }
      DomainError mapped = byEntity.get(store.entity());
      if (mapped != null) {
        return mapped.exception();
      }
      if (store.entity() == StoreException.Entity.INSTANCE) {
        return DomainError.TOKEN_INVALID.exception(); // the caller's instance vanished under it
      }
    }
    return failure;
  }
}
