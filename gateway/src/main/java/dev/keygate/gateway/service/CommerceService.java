package dev.keygate.gateway.service;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.RevokedToken;
import dev.keygate.store.StoreException;
import dev.keygate.store.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Oracle Commerce's application IDs and the admin logins around them. An application ID of type "application" has an
 * application key: a JWT signed by Keygate ({@code sub} = the application id, {@code iss} = "applicationAuth") of
 * which only its id is stored, so regenerating or deleting the application kills the old key. A key (or a human
 * user's password) logs in for a short-lived access token that carries its instance and organization; every other
 * admin call needs such a token.
 */
public final class CommerceService {

  public static final String APPLICATION = "application";
  public static final String EXTENSION = "extension";
  static final String KEY_USE = "oracle-app-key";
  static final String ACCESS_USE = "oracle-access";
  private static final int MAX_LIFETIME_DAYS = 365;

  /** Who calls: a human admin user or an application (logged in with its key), of one instance and organization. */
  public record Principal(String instanceId, String orgId, String id, String kind, String firstName, String lastName,
                          String tokenId, Instant tokenExpiresAt) {}

  /** An application ID with the key JWT that only this response shows (null for extensions). */
  public record WithKey(CommerceApplication application, String key) {}

  public record Login(String accessToken, long expiresIn) {}

  private final KeygateStore store;
  private final Hosts hosts;
  private final SigningKeys keys;
  private final VerificationCache cache;
  private final PasswordHasher passwords;
  private final FailedAttempts tarpit;
  private final Changes changes;
  private final Clock clock;
  private final long applicationTokenSeconds;
  private final long userTokenSeconds;

  /**
   * @param applicationTokenSeconds lifetime of access tokens of application keys (Oracle: 5 minutes)
   * @param userTokenSeconds        lifetime of access tokens of users' logins (Oracle: 15 minutes)
   */
  public CommerceService(KeygateStore store, Hosts hosts, SigningKeys keys, VerificationCache cache,
                         PasswordHasher passwords, FailedAttempts tarpit, Clock clock, long applicationTokenSeconds,
                         long userTokenSeconds) {
    this.applicationTokenSeconds = applicationTokenSeconds;
    this.userTokenSeconds = userTokenSeconds;
    this.store = store;
    this.hosts = hosts;
    this.keys = keys;
    this.cache = cache;
    this.passwords = passwords;
    this.tarpit = tarpit;
    this.changes = new Changes(clock);
    this.clock = clock;
  }

  // ---- logins

  /**
   * {@code grant_type=client_credentials} with the application key as bearer token. The key names its application,
   * so it logs in on any host that is not another instance's domain.
   */
  public Future<Login> loginWithKey(String key, String issuer, String requestHost) {
    if (key == null) {
      return Future.failedFuture(DomainError.LOGIN_FAILED.exception());
    }
    return keys.verifyAnyExpiry(key, KEY_USE).transform(verified -> {
      if (verified.failed()) {
        return Future.failedFuture(DomainError.LOGIN_FAILED.exception());
      }
      JsonObject claims = verified.result();
      String applicationId = claims.getString("sub");
      String keyId = claims.getString("jti");
      return application(applicationId).compose(found -> {
        CommerceApplication application = found.filter(a -> keyId != null && keyId.equals(a.keyId())
            && (a.keyExpiresAt() == null || a.keyExpiresAt().isAfter(clock.instant()))).orElse(null);
        if (application == null) {
          return tarpit.<Login>fail(applicationId, DomainError.LOGIN_FAILED.exception());
        }
        return hosts.allows(application.instanceId(), requestHost).compose(allowed -> allowed
            ? Future.succeededFuture(issue(new Principal(application.instanceId(), application.orgId(),
                application.id(), APPLICATION, null, application.name(), null, null), issuer,
                applicationTokenSeconds))
            : Future.failedFuture(DomainError.LOGIN_FAILED.exception()));
      });
    }).recover(this::translate);
  }

  /** {@code grant_type=password}: a human user of the instance the request's host names, with admin rights. */
  public Future<Login> loginWithPassword(String host, String userName, String password, String issuer) {
    if (host == null || userName == null || password == null) {
      return Future.failedFuture(DomainError.LOGIN_FAILED.exception());
    }
    return store.instanceByDomain(host).compose(instance -> instance.isEmpty()
            ? Future.succeededFuture(Optional.<User>empty())
            : store.userByName(instance.get().id(), userName))
        .compose(user -> {
          String hash = user.filter(u -> !u.isMachine()).map(User::passwordHash).orElse(null);
          return passwords.verify(password, hash).compose(matches -> {
            if (!matches || !isAdmin(user.get())) {
              return tarpit.<Login>fail(host + "/" + userName, DomainError.LOGIN_FAILED.exception());
            }
            User u = user.get();
            return Future.succeededFuture(issue(new Principal(u.instanceId(), u.orgId(), u.id(), "user",
                u.firstName(), u.lastName(), null, null), issuer, userTokenSeconds));
          });
        })
        .recover(this::translate);
  }

  private static boolean isAdmin(User user) {
    return user.roles().contains(User.Role.IAM_OWNER) || user.roles().contains(User.Role.ORG_OWNER);
  }

  /** A new access token for the same principal, of the same lifetime. */
  public Login refresh(Principal principal, String issuer) {
    return issue(principal, issuer, APPLICATION.equals(principal.kind()) ? applicationTokenSeconds
        : userTokenSeconds);
  }

  /** The access token is revoked: it fails at once, in every process sharing the store. */
  public Future<Void> logout(Principal principal) {
    return store.revokeToken(new RevokedToken(principal.instanceId(), principal.tokenId(), principal.tokenExpiresAt()))
        .recover(this::translate);
  }

  private Login issue(Principal principal, String issuer, long lifetimeSeconds) {
    JsonObject claims = new JsonObject()
        .put("sub", principal.id())
        .put("aud", APPLICATION.equals(principal.kind()) ? "applicationAccess" : "adminUI")
        .put("iss", issuer + "/occs-admin")
        .put("jti", UUID.randomUUID().toString())
        .put("occs.admin.profileId", principal.id())
        .put("occs.admin.firstName", principal.firstName())
        .put("occs.admin.lastName", principal.lastName())
        .put("principal_kind", principal.kind())
        .put(TokenService.INSTANCE_CLAIM, principal.instanceId())
        .put(TokenService.ORG_CLAIM, principal.orgId())
        .put(SigningKeys.USE_CLAIM, ACCESS_USE);
    return new Login(keys.sign(claims, lifetimeSeconds), lifetimeSeconds);
  }

  /**
   * The principal of a live access token: signed by us for the admin API, not expired, not revoked, and whose user or
   * application still exists (deleting an application ends its sessions too), presented on a host that is not
   * another instance's. Fails TOKEN_INVALID.
   */
  public Future<Principal> authenticate(String accessToken, String requestHost) {
    if (accessToken == null) {
      return Future.failedFuture(DomainError.AUTH_HEADER_MISSING.exception());
    }
    return keys.verify(accessToken, ACCESS_USE).transform(verified -> {
      if (verified.failed()) {
        return Future.failedFuture(DomainError.TOKEN_INVALID.exception());
      }
      JsonObject claims = verified.result();
      Principal principal = new Principal(claims.getString(TokenService.INSTANCE_CLAIM),
          claims.getString(TokenService.ORG_CLAIM), claims.getString("sub"), claims.getString("principal_kind"),
          claims.getString("occs.admin.firstName"), claims.getString("occs.admin.lastName"), claims.getString("jti"),
          Instant.ofEpochSecond(claims.getLong("exp")));
      Future<Boolean> revoked = cache.get("revoked:" + principal.tokenId(),
          () -> store.isTokenRevoked(principal.tokenId()), r -> List.of(principal.tokenId()));
      Future<Boolean> exists = APPLICATION.equals(principal.kind())
          ? application(principal.id()).map(Optional::isPresent)
          : cache.get("user:" + principal.instanceId() + ":" + principal.id(),
              () -> store.user(principal.instanceId(), principal.id()).map(u -> u.orElse(null)),
              u -> List.of(u.instanceId(), u.id())).map(u -> u != null);
      Future<Boolean> onHost = hosts.allows(principal.instanceId(), requestHost);
      return Future.all(revoked, exists, onHost).compose(all -> !revoked.result() && exists.result()
          && onHost.result() ? Future.succeededFuture(principal)
          : Future.failedFuture(DomainError.TOKEN_INVALID.exception()));
    }).recover(this::translate);
  }

  private Future<Optional<CommerceApplication>> application(String id) {
    if (id == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return cache.get("commerce:" + id, () -> store.commerceApplicationById(id).map(a -> a.orElse(null)),
        a -> List.of(a.instanceId(), a.id())).map(Optional::ofNullable);
  }

  // ---- application IDs

  public Future<WithKey> create(Principal caller, String name, String type, Integer lifetimeDays) {
    var change = changes.by(caller.instanceId(), caller.id());
    String id = UUID.randomUUID().toString();
    Integer lifetime = clamp(lifetimeDays);
    Key key = APPLICATION.equals(type) ? newKey(caller.instanceId(), id, lifetime, change.at()) : null;
    CommerceApplication application = new CommerceApplication(caller.instanceId(), caller.orgId(), id, name, type,
        lifetime, key == null ? null : key.id(), key == null ? null : key.expiresAt(), caller.id(),
        caller.firstName(), caller.lastName(), change.at(), change.at(), 0);
    return store.createCommerceApplication(application, change)
        .map(created -> new WithKey(created, key == null ? null : key.jwt()))
        .recover(this::translate);
  }

  public Future<CommerceApplication> get(Principal caller, String id, String type) {
    return store.commerceApplication(caller.instanceId(), caller.orgId(), id)
        .compose(found -> found.filter(a -> type == null || a.type().equals(type))
            .map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(DomainError.COMMERCE_APP_NOT_FOUND.exception())))
        .recover(this::translate);
  }

  public Future<Page<CommerceApplication>> list(Principal caller, String type, int limit, long offset) {
    return store.commerceApplications(caller.instanceId(), caller.orgId(), type, new PageRequest(null, offset, limit,
        true)).recover(this::translate);
  }

  public Future<CommerceApplication> update(Principal caller, String id, String name, String type,
                                            Integer lifetimeDays) {
    return get(caller, id, type).compose(existing -> store.updateCommerceApplication(caller.instanceId(),
            caller.orgId(), id, name, lifetimeDays == null ? existing.lifetimeDays() : clamp(lifetimeDays),
            changes.by(caller.instanceId(), caller.id())))
        .recover(this::translate);
  }

  public Future<CommerceApplication> remove(Principal caller, String id, String type) {
    return get(caller, id, type).compose(existing -> store.removeCommerceApplication(caller.instanceId(),
            caller.orgId(), id, changes.by(caller.instanceId(), caller.id())))
        .recover(this::translate);
  }

  /** {@code genAuthToken}: a new key, the old one dead at once. Absent lifetimeDays keeps the application's. */
  public Future<WithKey> newKey(Principal caller, String id, Integer lifetimeDays) {
    return get(caller, id, APPLICATION).compose(existing -> {
      var change = changes.by(caller.instanceId(), caller.id());
      Integer lifetime = lifetimeDays == null ? existing.lifetimeDays() : clamp(lifetimeDays);
      Key key = newKey(caller.instanceId(), id, lifetime, change.at());
      return store.setCommerceApplicationKey(caller.instanceId(), caller.orgId(), id, key.id(), key.expiresAt(),
          lifetime, change).map(updated -> new WithKey(updated, key.jwt()));
    }).recover(this::translate);
  }

  private record Key(String id, String jwt, Instant expiresAt) {}

  /**
   * Oracle's lifetime rules: absent or -1 unlimited (no exp), 0 a key that cannot log in (it expires as it is
   * issued), over 365 days 365.
   */
  private Key newKey(String instanceId, String applicationId, Integer lifetimeDays, Instant now) {
    String keyId = UUID.randomUUID().toString();
    long iat = now.getEpochSecond();
    JsonObject claims = new JsonObject().put("sub", applicationId).put("iss", "applicationAuth").put("iat", iat)
        .put("jti", keyId).put(TokenService.INSTANCE_CLAIM, instanceId).put(SigningKeys.USE_CLAIM, KEY_USE);
    Instant expiresAt = null;
    if (lifetimeDays != null && lifetimeDays >= 0) {
      expiresAt = Instant.ofEpochSecond(iat).plus(Duration.ofDays(lifetimeDays));
      claims.put("exp", expiresAt.getEpochSecond());
    }
    return new Key(keyId, keys.signAsIs(claims), expiresAt);
  }

  private static Integer clamp(Integer lifetimeDays) {
    if (lifetimeDays == null || lifetimeDays < 0) {
      return lifetimeDays == null ? null : -1;
    }
    return Math.min(lifetimeDays, MAX_LIFETIME_DAYS);
  }

  private <T> Future<T> translate(Throwable failure) {
    return Future.failedFuture(StoreFailures.translate(failure, Map.of(
        StoreException.Entity.COMMERCE_APP, DomainError.COMMERCE_APP_NOT_FOUND,
        StoreException.Entity.ORGANIZATION, DomainError.TOKEN_INVALID)));
  }
}
