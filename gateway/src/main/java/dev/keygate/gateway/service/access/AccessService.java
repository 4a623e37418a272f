package dev.keygate.gateway.service.access;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.domain.DomainException;
import dev.keygate.gateway.service.Scope;
import dev.keygate.gateway.service.ServiceMeter;
import dev.keygate.gateway.service.StoreFailures;
import dev.keygate.gateway.service.credential.Hosts;
import dev.keygate.gateway.service.credential.LastUses;
import dev.keygate.gateway.service.credential.PatOwner;
import dev.keygate.gateway.service.credential.VerificationCache;
import dev.keygate.gateway.service.crypto.SecretHasher;
import dev.keygate.gateway.service.ecosystem.EcosystemCaller;
import dev.keygate.gateway.service.token.AccessTokenFormats;
import dev.keygate.gateway.service.token.AccessTokens;
import dev.keygate.store.ClientToken;
import dev.keygate.store.CredentialLookup;
import dev.keygate.store.EcosystemClientStore;
import dev.keygate.store.InstanceStore;
import dev.keygate.store.User;
import dev.keygate.store.UserStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is calling and what they may do: personal access tokens are looked up by their keyed hash, belong to exactly
 * one instance, and are refused on another instance's domain. Organization and permission checks follow ZITADEL.
 */
public final class AccessService {

  private final CredentialLookup credentials;
  private final UserStore users;
  private final EcosystemClientStore clients;
  private final InstanceStore instances;
  private final SecretHasher hasher;
  private final Clock clock;
  private final VerificationCache cache;
  private final Hosts hosts;
  private final AccessTokens accessTokens;
  private final LastUses lastUses;
  private final ServiceMeter meter;

  public AccessService(CredentialLookup credentials, UserStore users, EcosystemClientStore clients,
                       InstanceStore instances, SecretHasher hasher, Clock clock, VerificationCache cache, Hosts hosts,
                       AccessTokens accessTokens, LastUses lastUses, ServiceMeter meter) {
    this.lastUses = lastUses;
    this.meter = meter;
    this.credentials = credentials;
    this.users = users;
    this.clients = clients;
    this.instances = instances;
    this.hasher = hasher;
    this.clock = clock;
    this.cache = cache;
    this.hosts = hosts;
    this.accessTokens = accessTokens;
  }

  /**
   * @param requestHost the instance host the request names (header or Host), lower case without port; may be null
   */
  public Future<Caller> authenticatePat(String token, String requestHost) {
    return counted(pat(token, requestHost));
  }

  /** Counts a bearer token refused as invalid (a failed authentication), for the metrics. */
  private <T> Future<T> counted(Future<T> authentication) {
    return authentication.andThen(done -> {
      if (done.failed() && done.cause() instanceof DomainException refused
          && refused.error() == DomainError.TOKEN_INVALID) {
        meter.count(ServiceMeter.Event.BEARER_TOKEN_REFUSED);
      }
    });
  }

  private Future<Caller> pat(String token, String requestHost) {
    Future<Optional<User>> found = AccessTokenFormats.looksLikeAccessToken(token)
        ? accessTokens.verify(token).map(access -> access.map(AccessTokens.AccessToken::user))
        : patOwner(hasher.hash(token));
    return found.compose(owner -> {
      if (owner.isEmpty()) {
        return Future.failedFuture(DomainError.TOKEN_INVALID.exception());
      }
      User user = owner.get();
      Caller caller = new Caller(user.instanceId(), user.id(), user.orgId(), user.roles());
      return checkHost(caller, caller.instanceId(), requestHost);
    }).recover(failure -> Future.failedFuture(StoreFailures.translate(failure, Map.of())));
  }

  /** The user of a PAT that exists, has not expired and whose user still exists; empty otherwise. */
  private Future<Optional<User>> patOwner(String tokenHash) {
    return cache.patOwner(tokenHash, () -> credentials.personalAccessTokenByHash(tokenHash)
            .compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<PatOwner>empty())
                : users.user(found.get().instanceId(), found.get().userId())
                    .map(user -> user.map(u -> new PatOwner(found.get(), u)))))
        .map(owner -> owner.filter(this::isUsable).map(PatOwner::user));
  }

  private boolean isUsable(PatOwner owner) {
    if (!owner.pat().isValidAt(clock.instant())) {
      return false;
    }
    lastUses.used(owner.pat().instanceId(), owner.pat().id());
    return true;
  }

  /** A token presented on a domain of another instance is not valid there. Unknown hosts (e.g. localhost) are fine. */
  private <T> Future<T> checkHost(T caller, String instanceId, String host) {
    if (host == null) {
      return Future.succeededFuture(caller);
    }
    return hosts.allows(instanceId, host).compose(allowed -> allowed ? Future.succeededFuture(caller)
        : Future.failedFuture(DomainError.TOKEN_INVALID.exception()));
  }

  /**
   * The ecosystem API's tokens: an account token is a PAT of an instance or organization owner; a server token is a
   * token of a live client of type {@code server}, reaching its own ecosystem only. A valid token of any other kind
   * (a PAT without owner rights, an application client's token) is not allowed here.
   */
  public Future<EcosystemCaller> authenticateEcosystemToken(String token, String requestHost) {
    return counted(ecosystemToken(token, requestHost));
  }

  private Future<EcosystemCaller> ecosystemToken(String token, String requestHost) {
    String hash = hasher.hash(token);
    return patOwner(hash).compose(owner -> {
      if (owner.isPresent()) {
        User user = owner.get();
        if (!user.roles().contains(User.Role.IAM_OWNER) && !user.roles().contains(User.Role.ORG_OWNER)) {
          return Future.failedFuture(DomainError.OPERATION_NOT_ALLOWED.exception());
        }
        EcosystemCaller caller = new EcosystemCaller(user.instanceId(), user.id(), null);
        return checkHost(caller, caller.instanceId(), requestHost);
      }
      return credentials.clientTokenByHash(hash).compose(found -> {
        if (found.isEmpty()) {
          return Future.failedFuture(DomainError.TOKEN_INVALID.exception());
        }
        ClientToken clientToken = found.get();
        if (!clientToken.isValidAt(clock.instant())) {
          return Future.failedFuture(DomainError.TOKEN_INVALID.exception());
        }
        return clients.client(clientToken.instanceId(), clientToken.clientId()).compose(client -> {
          if (!client.isFound()) {
            return Future.failedFuture(DomainError.TOKEN_INVALID.exception());
          }
          if (!"server".equals(client.value().type())) {
            return Future.failedFuture(DomainError.OPERATION_NOT_ALLOWED.exception());
          }
          lastUses.used(clientToken.instanceId(), clientToken.id());
          EcosystemCaller caller = new EcosystemCaller(clientToken.instanceId(), client.value().id(),
              client.value().ecosystemId());
          return checkHost(caller, caller.instanceId(), requestHost);
        });
      });
    }).recover(failure -> Future.failedFuture(StoreFailures.translate(failure, Map.of())));
  }

  /**
   * The organization is the header's when given (it must exist in the caller's instance: else ORG_NOT_FOUND), else
   * the caller's own. A caller without any membership gets MEMBERSHIP_NOT_FOUND, one whose memberships do not grant
   * the permission PERMISSION_DENIED.
   */
  public Future<Scope> authorize(Caller caller, String headerOrgId, String permission) {
    String orgId = headerOrgId == null || headerOrgId.isEmpty() ? caller.orgId() : headerOrgId;
    return cache.organization(caller.instanceId(), orgId, () -> instances.organization(caller.instanceId(), orgId))
        .compose(org -> {
          if (org.isEmpty()) {
            return Future.failedFuture(DomainError.ORG_NOT_FOUND.exception());
          }
          if (caller.roles().isEmpty()) {
            return Future.failedFuture(DomainError.MEMBERSHIP_NOT_FOUND.exception());
          }
          if (!Permissions.allows(caller.roles(), permission, orgId.equals(caller.orgId()))) {
            return Future.failedFuture(DomainError.PERMISSION_DENIED.exception());
          }
          return Future.succeededFuture(new Scope(caller.instanceId(), orgId, caller.userId()));
        })
        .recover(failure -> Future.failedFuture(StoreFailures.translate(failure, Map.of())));
  }

  /**
   * A permission of the instance itself (ZITADEL's admin API): only an instance-wide membership grants it, whatever
   * organization a header names. A caller without any membership gets MEMBERSHIP_NOT_FOUND, one with organization
   * memberships only PERMISSION_DENIED. The scope is the caller's instance and own organization.
   */
  public Future<Scope> authorizeInstance(Caller caller, String permission) {
    if (caller.roles().isEmpty()) {
      return Future.failedFuture(DomainError.MEMBERSHIP_NOT_FOUND.exception());
    }
    if (!Permissions.allows(caller.roles(), permission, false)) {
      return Future.failedFuture(DomainError.PERMISSION_DENIED.exception());
    }
    return Future.succeededFuture(new Scope(caller.instanceId(), caller.orgId(), caller.userId()));
  }

  /** What the caller's memberships grant in its own organization, sorted (ZITADEL's ListMyZitadelPermissions). */
  public List<String> permissionsOf(Caller caller) {
    return Permissions.granted(caller.roles());
  }
}
