package dev.keygate.gateway.service.commerce;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.service.credential.Hosts;
import dev.keygate.gateway.service.credential.VerificationCache;
import dev.keygate.gateway.service.token.SigningKeys;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.CredentialLookup;
import dev.keygate.store.RevocationStore;
import dev.keygate.store.RevokedToken;
import dev.keygate.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The short-lived access tokens of the commerce admin API: opened by a login, refreshed, ended by a logout, and
 * checked on every other admin call. Each carries its principal's instance and organization.
 */
public final class CommerceSessions {

  /** The use admin access tokens are signed for. */
  static final String ACCESS_USE = "oracle-access";

  /** An access token and its lifetime in seconds. */
  public record Login(String accessToken, long expiresIn) {}

  private final UserStore users;
  private final CredentialLookup credentials;
  private final RevocationStore revocations;
  private final Hosts hosts;
  private final SigningKeys keys;
  private final CommerceTokenFormat format;
  private final VerificationCache cache;
  private final long applicationTokenSeconds;
  private final long userTokenSeconds;

  /**
   * @param applicationTokenSeconds lifetime of access tokens of application keys (Oracle: 5 minutes)
   * @param userTokenSeconds        lifetime of access tokens of users' logins (Oracle: 15 minutes)
   */
  public CommerceSessions(UserStore users, CredentialLookup credentials, RevocationStore revocations, Hosts hosts,
                          SigningKeys keys, CommerceTokenFormat format, VerificationCache cache,
                          long applicationTokenSeconds, long userTokenSeconds) {
    this.users = users;
    this.credentials = credentials;
    this.revocations = revocations;
    this.hosts = hosts;
    this.keys = keys;
    this.format = format;
    this.cache = cache;
    this.applicationTokenSeconds = applicationTokenSeconds;
    this.userTokenSeconds = userTokenSeconds;
  }

  /** A new access token for the principal, of its kind's lifetime. */
  Login open(CommercePrincipal principal, String issuer) {
    long lifetimeSeconds = principal.isApplication() ? applicationTokenSeconds : userTokenSeconds;
    JsonObject claims = format.accessTokenClaims(principal, UUID.randomUUID().toString(), issuer)
        .put("principal_kind", principal.kind())
        .put(SigningKeys.INSTANCE_CLAIM, principal.instanceId())
        .put(SigningKeys.ORG_CLAIM, principal.orgId())
        .put(SigningKeys.USE_CLAIM, ACCESS_USE);
    return new Login(keys.sign(claims, lifetimeSeconds), lifetimeSeconds);
  }

  /** A new access token for the same principal, of the same lifetime. */
  public Login refresh(CommercePrincipal principal, String issuer) {
    return open(principal, issuer);
  }

  /** The access token is revoked: it fails at once, in every process sharing the store. */
  public Future<Void> logout(CommercePrincipal principal) {
    return revocations.revokeToken(new RevokedToken(principal.instanceId(), principal.tokenId(),
            principal.tokenExpiresAt()))
        .recover(CommerceFailures::translate);
  }

  /**
   * The principal of a live access token: signed by us for the admin API, not expired, not revoked, and whose user or
   * application still exists (deleting an application ends its sessions too), presented on a host that is not
   * another instance's. Fails TOKEN_INVALID.
   */
  public Future<CommercePrincipal> authenticate(String accessToken, String requestHost) {
    if (accessToken == null) {
      return Future.failedFuture(DomainError.AUTH_HEADER_MISSING.exception());
    }
    return keys.verify(accessToken, ACCESS_USE).transform(verified -> {
      if (verified.failed()) {
        return Future.failedFuture(DomainError.TOKEN_INVALID.exception());
      }
      JsonObject claims = verified.result();
      CommercePrincipal principal = new CommercePrincipal(claims.getString(SigningKeys.INSTANCE_CLAIM),
          claims.getString(SigningKeys.ORG_CLAIM), claims.getString("sub"), claims.getString("principal_kind"),
          format.firstName(claims), format.lastName(claims), claims.getString("jti"),
          Instant.ofEpochSecond(claims.getLong("exp")));
      Future<Boolean> revoked = cache.revoked(principal.tokenId(),
          () -> revocations.isTokenRevoked(principal.tokenId()));
      Future<Boolean> exists = principal.isApplication()
          ? application(principal.id()).map(Optional::isPresent)
          : cache.user(principal.instanceId(), principal.id(),
              () -> users.user(principal.instanceId(), principal.id())).map(Optional::isPresent);
      Future<Boolean> onHost = hosts.allows(principal.instanceId(), requestHost);
      return Future.all(revoked, exists, onHost).compose(all -> !revoked.result() && exists.result()
          && onHost.result() ? Future.succeededFuture(principal)
          : Future.failedFuture(DomainError.TOKEN_INVALID.exception()));
    }).recover(CommerceFailures::translate);
  }

  /** The application ID an application key or an application's session names, cached; empty for none. */
  Future<Optional<CommerceApplication>> application(String id) {
    if (id == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return cache.commerceApplication(id, () -> credentials.commerceApplicationById(id));
  }
}
