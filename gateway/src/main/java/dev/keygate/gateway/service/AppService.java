package dev.keygate.gateway.service;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.service.credential.VerificationCache;
import dev.keygate.gateway.service.crypto.IdGenerator;
import dev.keygate.gateway.service.crypto.MachineKeys;
import dev.keygate.gateway.service.crypto.SecretGenerator;
import dev.keygate.gateway.service.crypto.SecretHasher;
import dev.keygate.store.ApiApp;
import dev.keygate.store.ApiAppStore;
import dev.keygate.store.AppKey;
import dev.keygate.store.CredentialUsageStore;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.StoreException;
import dev.keygate.store.TextMatch;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** API applications: a client id for every app, a secret (shown once, stored hashed) for BASIC ones. */
public final class AppService {

  /** An app with the plain secret that only this one response may show (null for key-authenticated apps). */
  public record AppWithSecret(ApiApp app, String clientSecret) {}

  private static final Map<StoreException.Entity, DomainError> ON_CREATE = Map.of(
      StoreException.Entity.PROJECT, DomainError.PROJECT_NOT_FOUND_FOR_APP,
      StoreException.Entity.API_APP_NAME, DomainError.APP_NAME_TAKEN);
  private static final Map<StoreException.Entity, DomainError> ON_CHANGE = Map.of(
      StoreException.Entity.PROJECT, DomainError.PROJECT_NOT_FOUND,
      StoreException.Entity.API_APP, DomainError.APP_NOT_FOUND);
  private static final Map<StoreException.Entity, DomainError> ON_KEY_CHANGE = Map.of(
      StoreException.Entity.PROJECT, DomainError.PROJECT_NOT_FOUND,
      StoreException.Entity.API_APP, DomainError.APP_NOT_FOUND,
      StoreException.Entity.MACHINE_KEY, DomainError.KEY_NOT_FOUND);
  private static final Map<StoreException.Entity, DomainError> ON_OVERLAP_END = Map.of(
      StoreException.Entity.PROJECT, DomainError.PROJECT_NOT_FOUND,
      StoreException.Entity.API_APP, DomainError.APP_NOT_FOUND,
      StoreException.Entity.SECRET, DomainError.PREVIOUS_SECRET_NOT_FOUND);

  private final ApiAppStore store;
  private final CredentialUsageStore uses;
  private final VerificationCache reads;
  private final IdGenerator ids;
  private final SecretGenerator secrets;
  private final SecretHasher hasher;
  private final Changes changes;

  private final MachineKeys keys;
  private final Clock clock;

  public AppService(ApiAppStore store, CredentialUsageStore uses, VerificationCache reads, IdGenerator ids,
                    SecretGenerator secrets, SecretHasher hasher, MachineKeys keys, Clock clock) {
    this.uses = uses;
    this.reads = reads;
    this.keys = keys;
    this.clock = clock;
    this.store = store;
    this.ids = ids;
    this.secrets = secrets;
    this.hasher = hasher;
    this.changes = new Changes(clock);
  }

  public Future<AppWithSecret> createApiApp(Scope scope, String projectId, String name, ApiApp.AuthMethod method) {
    String secret = method == ApiApp.AuthMethod.BASIC ? secrets.secret() : null;
    var change = changes.by(scope);
    ApiApp app = new ApiApp(scope.instanceId(), scope.orgId(), projectId, ids.next(), name, ids.next(), method,
        secret == null ? null : hasher.hash(secret), change.at(), change.at(), 0);
    return store.createApiApp(app, change)
        .map(created -> new AppWithSecret(created, secret))
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, ON_CREATE)));
  }

  public Future<ApiApp> get(Scope scope, String projectId, String appId) {
    return reads.apiAppOfProject(scope.instanceId(), scope.orgId(), projectId, appId,
            () -> store.apiApp(scope.instanceId(), scope.orgId(), projectId, appId)).compose(found -> found
        .map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(DomainError.APP_NOT_FOUND.exception())));
  }

  /** An app of any project of the organization, found by its id alone (v2's GetApplication). */
  public Future<ApiApp> get(Scope scope, String appId) {
    return reads.apiAppOfOrg(scope.instanceId(), scope.orgId(), appId,
            () -> store.apiAppById(scope.instanceId(), scope.orgId(), appId)).compose(found -> found
        .map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(DomainError.APP_NOT_FOUND.exception())));
  }

  /** One page of the apps of every project of the organization. */
  public Future<Page<ApiApp>> listOfOrg(Scope scope, PageRequest page) {
    return listOfOrg(scope, List.of(), page);
  }

  /** One page of the apps of every project of the organization whose name matches every one of {@code names}. */
  public Future<Page<ApiApp>> listOfOrg(Scope scope, List<TextMatch> names, PageRequest page) {
    return store.apiAppsOfOrg(scope.instanceId(), scope.orgId(), names, page)
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, ON_CHANGE)));
  }

  /** One page of an app's keys: their ids and times (last use included), never a key. */
  public Future<Page<LastUsed<AppKey>>> keys(Scope scope, String projectId, String appId, PageRequest page) {
    return get(scope, projectId, appId)
        .compose(app -> store.apiAppKeys(scope.instanceId(), scope.orgId(), projectId, appId, page))
        .compose(found -> LastUsed.of(uses, scope.instanceId(), found, AppKey::id))
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, ON_CHANGE)));
  }

  /** Removes one of an app's keys: a JWT it signs is refused from now on, in every process. */
  public Future<AppKey> removeKey(Scope scope, String projectId, String appId, String keyId) {
    return store.removeApiAppKey(scope.instanceId(), scope.orgId(), projectId, appId, keyId, changes.by(scope))
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, ON_KEY_CHANGE)));
  }

  public Future<Page<ApiApp>> list(Scope scope, String projectId, PageRequest page) {
    return list(scope, projectId, List.of(), page);
  }

  /** One page of the project's apps whose name matches every one of {@code names}. */
  public Future<Page<ApiApp>> list(Scope scope, String projectId, List<TextMatch> names, PageRequest page) {
    return store.apiApps(scope.instanceId(), scope.orgId(), projectId, names, page)
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, ON_CHANGE)));
  }

  public Future<ApiApp> remove(Scope scope, String projectId, String appId) {
    return store.removeApiApp(scope.instanceId(), scope.orgId(), projectId, appId, changes.by(scope))
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, ON_CHANGE)));
  }

  /** A new RSA key for private_key_jwt; the key file with its private half is returned only here. */
  public Future<MachineKeys.IssuedKey> addKey(Scope scope, String projectId, String appId,
                                              Instant expiration) {
    return get(scope, projectId, appId).compose(app -> {
      var change = changes.by(scope);
      Instant expiresAt = Expirations.orNever(expiration, clock.instant());
      String keyId = ids.next();
      return keys.generate().compose(key -> store.addApiAppKey(new AppKey(scope.instanceId(), scope.orgId(),
              projectId, appId, keyId, key.publicKeyPem(), expiresAt, change.at()), change)
          .map(updated -> new MachineKeys.IssuedKey(keyId,
              MachineKeys.applicationKeyFile(keyId, appId, app.clientId(), key), updated.sequence(),
              updated.changedAt(), updated.orgId())));
    }).recover(f -> Future.failedFuture(StoreFailures.translate(f, ON_CHANGE)));
  }

  /** A new secret for a BASIC app; the old one stops working at once. Key-authenticated apps have none. */
  public Future<AppWithSecret> regenerateSecret(Scope scope, String projectId, String appId) {
    return regenerateSecret(scope, projectId, appId, null);
  }

  /**
   * A new secret for a BASIC app. With {@code previousValidFor} (at most {@link SecretRotation#LONGEST_OVERLAP}) the
   * current secret keeps working that long beside it, and any older previous secret stops; without it, or zero, the
   * current one stops at once.
   */
  public Future<AppWithSecret> regenerateSecret(Scope scope, String projectId, String appId,
                                                Duration previousValidFor) {
    return basicApp(scope, projectId, appId).compose(app -> {
      var change = changes.by(scope);
      Instant previousExpiresAt = SecretRotation.previousExpiry(previousValidFor, change.at());
      String secret = secrets.secret();
      return store.setApiAppSecret(scope.instanceId(), scope.orgId(), projectId, appId, hasher.hash(secret),
          previousExpiresAt, change).map(updated -> new AppWithSecret(updated, secret));
    }).recover(f -> Future.failedFuture(StoreFailures.translate(f, ON_CHANGE)));
  }

  /** Ends a rotation's overlap now: the previous secret stops working. */
  public Future<ApiApp> endSecretOverlap(Scope scope, String projectId, String appId) {
    return basicApp(scope, projectId, appId)
        .compose(app -> store.endApiAppSecretOverlap(scope.instanceId(), scope.orgId(), projectId, appId,
            changes.by(scope)))
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, ON_OVERLAP_END)));
  }

  /** The times of a BASIC app's secrets (created, expiring, last used); never the secrets. */
  public Future<SecretRotation.Secrets> secrets(Scope scope, String projectId, String appId) {
    return basicApp(scope, projectId, appId).compose(app -> SecretRotation.read(uses, app.instanceId(),
        app.secretHash(), app.secretIssuedAt(), app.previousSecret(), clock.instant(), app.sequence(),
        app.changedAt(), app.orgId()));
  }

  private Future<ApiApp> basicApp(Scope scope, String projectId, String appId) {
    return get(scope, projectId, appId).compose(app -> app.authMethod() == ApiApp.AuthMethod.BASIC
        ? Future.succeededFuture(app) : Future.failedFuture(DomainError.APP_HAS_NO_SECRET.exception()));
  }
}
