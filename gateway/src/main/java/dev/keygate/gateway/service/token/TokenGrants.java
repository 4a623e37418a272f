package dev.keygate.gateway.service.token;

import dev.keygate.gateway.domain.CredentialFailure;
import dev.keygate.gateway.service.ServiceMeter;
import dev.keygate.gateway.service.StoreFailures;
import dev.keygate.gateway.service.credential.FailedAttempts;
import dev.keygate.gateway.service.credential.Hosts;
import dev.keygate.gateway.service.credential.LastUses;
import dev.keygate.gateway.service.credential.VerificationCache;
import dev.keygate.gateway.service.crypto.IdGenerator;
import dev.keygate.gateway.service.crypto.SecretHasher;
import dev.keygate.store.CredentialLookup;
import dev.keygate.store.User;
import dev.keygate.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The token grants: a machine user gets an access token with its secret ({@code client_credentials}) or with an
 * assertion signed by one of its keys ({@code jwt-bearer}, RFC 7523). Access tokens are opaque or ES256 JWTs, as
 * the user's access token type says ({@link AccessTokenFormats}), and carry the instance and organization they belong
 * to; {@link AccessTokens} verifies them.
 * Every credential lookup goes through the {@link VerificationCache}, which the store empties of whatever changes.
 */
public final class TokenGrants {

  /** An access token and its lifetime in seconds. */
  public record Issued(String accessToken, long expiresIn) {}

  private final CredentialLookup credentials;
  private final UserStore users;
  private final MachineUserBySecret machines;
  private final Hosts hosts;
  private final AccessTokenFormats formats;
  private final VerificationCache cache;
  private final ScopeAudiences scopeAudiences;
  private final FailedAttempts tarpit;
  private final IdGenerator ids;
  private final LastUses lastUses;
  private final Clock clock;
  private final long lifetimeSeconds;
  private final ServiceMeter meter;

  public TokenGrants(CredentialLookup credentials, UserStore users, SecretHasher hasher, Hosts hosts,
                     AccessTokenFormats formats,
                     VerificationCache cache, ScopeAudiences scopeAudiences, FailedAttempts tarpit, IdGenerator ids,
                     LastUses lastUses, Clock clock, long lifetimeSeconds, ServiceMeter meter) {
    this.credentials = credentials;
    this.users = users;
    this.lastUses = lastUses;
    this.machines = new MachineUserBySecret(credentials, hasher, cache, lastUses, clock);
    this.hosts = hosts;
    this.formats = formats;
    this.cache = cache;
    this.scopeAudiences = scopeAudiences;
    this.tarpit = tarpit;
    this.ids = ids;
    this.clock = clock;
    this.lifetimeSeconds = lifetimeSeconds;
    this.meter = meter;
  }

  /**
   * {@code client_credentials}: {@code clientId} is the machine user's login name (user name, optionally with
   * {@code @domain}), the secret the one GenerateMachineSecret returned. On an instance's domain only its users count.
   */
  public Future<Issued> clientCredentials(String clientId, String secret, String scope, String issuer,
                                          String requestHost) {
    return counted(grantClientCredentials(clientId, secret, scope, issuer, requestHost));
  }

  /**
   * {@code jwt-bearer} (RFC 7523): an assertion signed with a key of the machine user it names. On an instance's
   * domain only its users count, as for client credentials.
   */
  public Future<Issued> jwtBearer(String assertion, String scope, String issuer, String requestHost) {
    return counted(grantJwtBearer(assertion, scope, issuer, requestHost));
  }

  private Future<Issued> counted(Future<Issued> grant) {
    return grant.andThen(done -> meter.count(done.succeeded() ? ServiceMeter.Event.TOKEN_ISSUED
        : ServiceMeter.Event.TOKEN_REFUSED));
  }

  private Future<Issued> grantClientCredentials(String clientId, String secret, String scope, String issuer,
                                                String requestHost) {
    if (clientId == null || clientId.isEmpty()) {
      return Future.failedFuture(failure(CredentialFailure.Reason.MISSING_PARAMETER, "client_id is required"));
    }
    if (secret == null || secret.isEmpty()) {
      return tarpit.fail(clientId, unknownClient());
    }
    return machines.find(clientId, secret)
        .compose(user -> {
          if (user.isEmpty()) {
            return tarpit.fail(clientId, unknownClient());
          }
          return hosts.allows(user.get().instanceId(), requestHost).compose(allowed -> {
            if (!allowed) {
              return Future.failedFuture(unknownClient());
            }
            return requireScope(scope).map(v -> issue(user.get(), clientId, scope, issuer));
          });
        })
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, Map.of())));
  }

  private Future<Issued> grantJwtBearer(String assertion, String scope, String issuer, String requestHost) {
    ClientAssertions.Parsed parsed;
    try {
      parsed = ClientAssertions.parse(assertion);
    } catch (CredentialFailure e) {
      return Future.failedFuture(e);
    }
    String subject = parsed.subject();
    return cache.machineKey(parsed.keyId(), () -> credentials.machineKey(parsed.keyId()))
        .compose(found -> {
          if (found.isEmpty() || !found.get().expiresAt().isAfter(clock.instant())) {
            return tarpit.fail(subject, failure(CredentialFailure.Reason.INVALID_ASSERTION, "unknown or expired key"));
          }
          var key = found.get();
          try {
            ClientAssertions.verify(parsed, key.publicKeyPem(), key.userId(), ClientAssertions.audiences(issuer),
                clock.instant());
          } catch (CredentialFailure e) {
            return tarpit.fail(subject, e);
          }
          return cache.user(key.instanceId(), key.userId(), () -> users.user(key.instanceId(), key.userId()))
              .compose(user -> {
                if (user.isEmpty()) {
                  return Future.failedFuture(failure(CredentialFailure.Reason.INVALID_ASSERTION, "unknown user"));
                }
                return hosts.allows(key.instanceId(), requestHost).compose(allowed -> {
                  if (!allowed) {
                    return Future.failedFuture(
                        failure(CredentialFailure.Reason.INVALID_ASSERTION, "unknown or expired key"));
                  }
                  lastUses.used(key.instanceId(), key.id());
                  return requireScope(scope).map(v -> issue(user.get(), user.get().userName(), scope, issuer));
                });
              });
        })
        .recover(f -> Future.failedFuture(StoreFailures.translate(f, Map.of())));
  }

  private Issued issue(User user, String clientId, String scope, String issuer) {
    Set<String> audience = new LinkedHashSet<>();
    audience.add(clientId);
    audience.addAll(scopeAudiences.audiences(scope));
    JsonObject claims = new JsonObject()
        .put("iss", issuer)
        .put("sub", user.id())
        .put("aud", new JsonArray(new ArrayList<>(audience)))
        .put("client_id", clientId)
        .put("scope", scope.trim())
        .put("jti", ids.next())
        .put(SigningKeys.INSTANCE_CLAIM, user.instanceId())
        .put(SigningKeys.ORG_CLAIM, user.orgId())
        .put(SigningKeys.USE_CLAIM, AccessTokens.USE);
    return new Issued(formats.issue(claims, lifetimeSeconds, user.jwtAccessTokens()), lifetimeSeconds);
  }

  private static Future<Void> requireScope(String scope) {
    if (scope == null || scope.isBlank()) {
      return Future.failedFuture(failure(CredentialFailure.Reason.MISSING_PARAMETER, "scope is required"));
    }
    return Future.succeededFuture();
  }

  private static CredentialFailure unknownClient() {
    return failure(CredentialFailure.Reason.UNKNOWN_CLIENT, "client not found");
  }

  private static CredentialFailure failure(CredentialFailure.Reason reason, String detail) {
    return new CredentialFailure(reason, detail);
  }
}
