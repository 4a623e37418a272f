package dev.keygate.gateway.service.commerce;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.service.Changes;
import dev.keygate.gateway.service.SecretRotation;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.CommerceApplicationStore;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Oracle Commerce's application IDs of the caller's organization. One of type "application" has an application key
 * ({@link CommerceApplicationKeys}); one of type "extension" has none. An application ID of another organization, or
 * not of the type named, is as unknown as one that does not exist.
 */
public final class CommerceApplications {

  /** The type of application ID that has an application key. */
  static final String APPLICATION = "application";

  /** An application ID with the key JWT that only this response shows (null for extensions). */
  public record WithKey(CommerceApplication application, String key) {}

  private final CommerceApplicationStore store;
  private final CommerceApplicationKeys keys;
  private final Changes changes;

  public CommerceApplications(CommerceApplicationStore store, CommerceApplicationKeys keys, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.changes = new Changes(clock);
  }

  public Future<WithKey> create(CommercePrincipal caller, String name, String type, Integer lifetimeDays) {
    var change = changes.by(caller.id());
    String id = UUID.randomUUID().toString();
    Integer lifetime = CommerceApplicationKeys.clamp(lifetimeDays);
    CommerceApplicationKeys.Key key = APPLICATION.equals(type)
        ? keys.mint(caller.instanceId(), id, lifetime, change.at()) : null;
    CommerceApplication application = new CommerceApplication(caller.instanceId(), caller.orgId(), id, name, type,
        lifetime, key == null ? null : key.id(), key == null ? null : key.expiresAt(), caller.id(),
        caller.firstName(), caller.lastName(), change.at(), change.at(), 0);
    return store.createCommerceApplication(application, change)
        .map(created -> new WithKey(created, key == null ? null : key.jwt()))
        .recover(CommerceFailures::translate);
  }

  public Future<CommerceApplication> get(CommercePrincipal caller, String id, String type) {
    return store.commerceApplication(caller.instanceId(), caller.orgId(), id)
        .compose(found -> found.filter(a -> type == null || a.type().equals(type))
            .map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(DomainError.COMMERCE_APP_NOT_FOUND.exception())))
        .recover(CommerceFailures::translate);
  }

  public Future<Page<CommerceApplication>> list(CommercePrincipal caller, String type, int limit, long offset) {
    return store.commerceApplications(caller.instanceId(), caller.orgId(), type, new PageRequest(null, offset, limit,
        true)).recover(CommerceFailures::translate);
  }

  public Future<CommerceApplication> update(CommercePrincipal caller, String id, String name, String type,
                                            Integer lifetimeDays) {
    return get(caller, id, type).compose(existing -> store.updateCommerceApplication(caller.instanceId(),
            caller.orgId(), id, name,
            lifetimeDays == null ? existing.lifetimeDays() : CommerceApplicationKeys.clamp(lifetimeDays),
            changes.by(caller.id())))
        .recover(CommerceFailures::translate);
  }

  public Future<CommerceApplication> remove(CommercePrincipal caller, String id, String type) {
    return get(caller, id, type).compose(existing -> store.removeCommerceApplication(caller.instanceId(),
            caller.orgId(), id, changes.by(caller.id())))
        .recover(CommerceFailures::translate);
  }

  /** {@code genAuthToken}: a new key, the old one dead at once. Absent lifetimeDays keeps the application's. */
  public Future<WithKey> newKey(CommercePrincipal caller, String id, Integer lifetimeDays) {
    return newKey(caller, id, lifetimeDays, null);
  }

  /**
   * {@code genAuthToken} with Keygate's overlap: with {@code previousValidFor} (at most
   * {@link SecretRotation#LONGEST_OVERLAP}) the old key keeps logging in that long (or until its own expiry, if
   * sooner); without it the old key is dead at once.
   */
  public Future<WithKey> newKey(CommercePrincipal caller, String id, Integer lifetimeDays,
                                Duration previousValidFor) {
    return get(caller, id, APPLICATION).compose(existing -> {
      var change = changes.by(caller.id());
      Instant previousExpiresAt = SecretRotation.previousExpiry(previousValidFor, change.at());
      Integer lifetime = lifetimeDays == null ? existing.lifetimeDays() : CommerceApplicationKeys.clamp(lifetimeDays);
      CommerceApplicationKeys.Key key = keys.mint(caller.instanceId(), id, lifetime, change.at());
      return store.setCommerceApplicationKey(caller.instanceId(), caller.orgId(), id, key.id(), key.expiresAt(),
          lifetime, previousExpiresAt, change).map(updated -> new WithKey(updated, key.jwt()));
    }).recover(CommerceFailures::translate);
  }
}
