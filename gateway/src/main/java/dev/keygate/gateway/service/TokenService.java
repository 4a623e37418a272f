package dev.keygate.gateway.service;

import dev.keygate.store.ApiApp;
import dev.keygate.store.AppKey;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.RevokedToken;
import dev.keygate.store.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The OAuth side of the credentials Keygate issues: machine users get access tokens with their secret
 * ({@code client_credentials}) or a signed assertion ({@code jwt-bearer}); API apps authenticate with their secret
 * or a {@code private_key_jwt} assertion to introspect tokens; tokens can be revoked. Access tokens are ES256 JWTs
 * ({@link SigningKeys}) carrying the instance and organization they belong to. Every credential lookup goes through
 * the {@link VerificationCache}, which the store empties of whatever changes.
 */
public final class TokenService {

  public static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  public static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  static final String INSTANCE_CLAIM = "urn:keygate:instance";
  static final String ORG_CLAIM = "urn:keygate:org";
  private static final String PROJECT_AUDIENCE = "urn:zitadel:iam:org:project:id:";
  private static final String USE = "oauth-access";

  /** An access token and its lifetime in seconds. */
  public record Issued(String accessToken, long expiresIn) {}

  /** The verified claims of one of our access tokens that is still good. */
  public record AccessToken(String instanceId, User user, JsonObject claims) {}

  private final KeygateStore store;
  private final Hosts hosts;
  private final SecretHasher hasher;
  private final SigningKeys keys;
  private final VerificationCache cache;
  private final FailedAttempts tarpit;
  private final IdGenerator ids;
  private final Clock clock;
  private final long lifetimeSeconds;

  public TokenService(KeygateStore store, Hosts hosts, SecretHasher hasher, SigningKeys keys, VerificationCache cache,
                      FailedAttempts tarpit, IdGenerator ids, Clock clock, long lifetimeSeconds) {
    this.store = store;
    this.hosts = hosts;
    this.hasher = hasher;
    this.keys = keys;
    this.cache = cache;
    this.tarpit = tarpit;
    this.ids = ids;
    this.clock = clock;
    this.lifetimeSeconds = lifetimeSeconds;
  }

  // ---- token grants

  /**
   * {@code client_credentials}: {@code clientId} is the machine user's login name (user name, optionally with
   * {@code @domain}), the secret the one GenerateMachineSecret returned. On an instance's domain only its users count.
   */
  public Future<Issued> clientCredentials(String clientId, String secret, String scope, String issuer,
                                          String requestHost) {
    if (clientId == null || clientId.isEmpty()) {
      return Future.failedFuture(failure(OAuthFailure.Reason.INVALID_REQUEST, "client_id is required"));
    }
    if (secret == null || secret.isEmpty()) {
      return tarpit.fail(clientId, failure(OAuthFailure.Reason.INVALID_CLIENT, "client not found"));
    }
    String hash = hasher.hash(secret);
    return cache.get("secret:" + hash, () -> store.machineUserBySecretHash(hash).map(found -> found.orElse(null)),
            user -> List.of(user.instanceId(), user.id()))
        .compose(user -> {
          if (user == null || !loginNameMatches(user, clientId)) {
            return tarpit.fail(clientId, failure(OAuthFailure.Reason.INVALID_CLIENT, "client not found"));
          }
          return hosts.allows(user.instanceId(), requestHost).compose(allowed -> {
            if (!allowed) {
              return Future.failedFuture(failure(OAuthFailure.Reason.INVALID_CLIENT, "client not found"));
            }
            return requireScope(scope).map(v -> issue(user, clientId, scope, issuer));
          });
        })
        .recover(f -> Future.failedFuture(translate(f)));
  }

  /** {@code jwt-bearer} (RFC 7523): an assertion signed with a key of the machine user it names. */
  public Future<Issued> jwtBearer(String assertion, String scope, String issuer) {
    ClientAssertions.Parsed parsed;
    try {
      parsed = ClientAssertions.parse(assertion);
    } catch (OAuthFailure e) {
      return Future.failedFuture(e);
    }
    String subject = parsed.subject();
    return cache.get("machine-key:" + parsed.keyId(), () -> store.machineKey(parsed.keyId()).map(k -> k.orElse(null)),
            key -> List.of(key.instanceId(), key.userId()))
        .compose(key -> {
          if (key == null || !key.expiresAt().isAfter(clock.instant())) {
            return tarpit.fail(subject, failure(OAuthFailure.Reason.INVALID_GRANT, "unknown or expired key"));
          }
          try {
            ClientAssertions.verify(parsed, key.publicKeyPem(), key.userId(), audiences(issuer), clock.instant());
          } catch (OAuthFailure e) {
            return tarpit.fail(subject, e);
          }
          return user(key.instanceId(), key.userId()).compose(user -> {
            if (user.isEmpty()) {
              return Future.failedFuture(failure(OAuthFailure.Reason.INVALID_GRANT, "unknown user"));
            }
            return requireScope(scope).map(v -> issue(user.get(), user.get().userName(), scope, issuer));
          });
        })
        .recover(f -> Future.failedFuture(translate(f)));
  }

  private Issued issue(User user, String clientId, String scope, String issuer) {
    Set<String> audience = new LinkedHashSet<>();
    audience.add(clientId);
    for (String requested : scope.trim().split("\\s+")) {
      if (requested.startsWith(PROJECT_AUDIENCE) && requested.endsWith(":aud")) {
        audience.add(requested.substring(PROJECT_AUDIENCE.length(), requested.length() - ":aud".length()));
      }
    }
    JsonObject claims = new JsonObject()
        .put("iss", issuer)
        .put("sub", user.id())
        .put("aud", new JsonArray(new ArrayList<>(audience)))
        .put("client_id", clientId)
        .put("scope", scope.trim())
        .put("jti", ids.next())
        .put(INSTANCE_CLAIM, user.instanceId())
        .put(ORG_CLAIM, user.orgId())
        .put(SigningKeys.USE_CLAIM, USE);
    return new Issued(keys.sign(claims, lifetimeSeconds), lifetimeSeconds);
  }

  // ---- API apps: client authentication and introspection

  /**
   * Authenticates an API app by its secret (BASIC apps) or by a {@code private_key_jwt} assertion signed with one of
   * its keys (PRIVATE_KEY_JWT apps). Fails UNAUTHORIZED_CLIENT.
   */
  public Future<ApiApp> authenticateApp(String clientId, String secret, String assertionType, String assertion,
                                        String issuer) {
    if (assertion != null || assertionType != null) {
      return appByAssertion(assertionType, assertion, issuer);
    }
    if (clientId == null || clientId.isEmpty() || secret == null) {
      return Future.failedFuture(unauthorized());
    }
    return app(clientId).compose(app -> {
      if (app.isEmpty() || app.get().authMethod() != ApiApp.AuthMethod.BASIC || app.get().secretHash() == null
          || !sameHash(hasher.hash(secret), app.get().secretHash())) {
        return tarpit.fail(clientId, unauthorized());
      }
      return Future.succeededFuture(app.get());
    }).recover(f -> Future.failedFuture(translate(f)));
  }

  private Future<ApiApp> appByAssertion(String assertionType, String assertion, String issuer) {
    if (!CLIENT_ASSERTION_TYPE.equals(assertionType) || assertion == null) {
      return Future.failedFuture(unauthorized());
    }
    ClientAssertions.Parsed parsed;
    try {
      parsed = ClientAssertions.parse(assertion);
    } catch (OAuthFailure e) {
      return Future.failedFuture(unauthorized());
    }
    String clientId = parsed.issuer();
    if (clientId == null) {
      return Future.failedFuture(unauthorized());
    }
    return cache.get("app-key:" + parsed.keyId(), () -> store.apiAppKey(parsed.keyId()).map(k -> k.orElse(null)),
            (AppKey key) -> List.of(key.instanceId(), key.projectId(), key.appId()))
        .compose(key -> app(clientId)
            .map(app -> app.filter(a -> key != null && a.id().equals(key.appId())
                && a.instanceId().equals(key.instanceId()) && a.authMethod() == ApiApp.AuthMethod.PRIVATE_KEY_JWT
                && key.expiresAt().isAfter(clock.instant())))
            .compose(app -> {
              if (app.isEmpty()) {
                return tarpit.<ApiApp>fail(clientId, unauthorized());
              }
              try {
                ClientAssertions.verify(parsed, key.publicKeyPem(), app.get().clientId(), audiences(issuer),
                    clock.instant());
              } catch (OAuthFailure e) {
                return tarpit.<ApiApp>fail(clientId, unauthorized());
              }
              return Future.succeededFuture(app.get());
            }))
        .recover(f -> Future.failedFuture(translate(f)));
  }

  /**
   * RFC 7662 for an authenticated app: active only for a good token of the app's own instance whose audience names
   * the app's client id or project, and whose user still exists.
   */
  public Future<JsonObject> introspect(ApiApp app, String token) {
    JsonObject inactive = new JsonObject().put("active", false);
    return accessToken(token).map(found -> {
      if (found.isEmpty() || !found.get().instanceId().equals(app.instanceId())) {
        return inactive;
      }
      JsonObject claims = found.get().claims();
      JsonArray aud = claims.getJsonArray("aud", new JsonArray());
      if (!aud.contains(app.clientId()) && !aud.contains(app.projectId())) {
        return inactive;
      }
      return new JsonObject().put("active", true)
          .put("scope", claims.getString("scope"))
          .put("client_id", claims.getString("client_id"))
          .put("token_type", "Bearer")
          .put("exp", claims.getLong("exp"))
          .put("iat", claims.getLong("iat"))
          .put("iss", claims.getString("iss"))
          .put("aud", aud)
          .put("sub", claims.getString("sub"))
          .put("jti", claims.getString("jti"));
    }).recover(f -> Future.failedFuture(translate(f)));
  }

  /**
   * One of our access tokens, verified (signature, expiry), not revoked, and whose user still exists; empty for any
   * other token. Used by introspection and by the management API, which accepts these tokens like PATs.
   */
  public Future<Optional<AccessToken>> accessToken(String token) {
    if (token == null || token.chars().filter(c -> c == '.').count() != 2) {
      return Future.succeededFuture(Optional.empty());
    }
    return verified(token).compose(claims -> {
      if (claims == null) {
        return Future.succeededFuture(Optional.<AccessToken>empty());
      }
      String jti = claims.getString("jti");
      String instanceId = claims.getString(INSTANCE_CLAIM);
      String userId = claims.getString("sub");
      if (jti == null || instanceId == null || userId == null) {
        return Future.succeededFuture(Optional.<AccessToken>empty());
      }
      return revoked(jti).compose(revoked -> revoked ? Future.succeededFuture(Optional.<AccessToken>empty())
          : user(instanceId, userId).map(user -> user.map(u -> new AccessToken(instanceId, u, claims))));
    });
  }

  /**
   * The claims of a good access token, or null. ES256 verification costs about a millisecond of CPU on JDK 17, so a
   * verified token is cached under its keyed hash (resource servers introspect the same token again and again); its
   * expiry is checked on every use, and revocation and its user separately, each with its own invalidation.
   */
  private Future<JsonObject> verified(String token) {
    return cache.get("jwt:" + hasher.hash(token),
            () -> keys.verify(token, USE).otherwise((JsonObject) null),
            claims -> claims.getString("jti") == null ? null : List.of(claims.getString("jti")))
        .map(claims -> claims != null && claims.getLong("exp") > clock.instant().getEpochSecond() ? claims : null);
  }

  // ---- revocation

  /**
   * RFC 7009: revokes one of our tokens if it belongs to the caller's instance; anything else is silently accepted.
   */
  public Future<Void> revoke(String callerInstanceId, String token) {
    if (token == null || token.isEmpty()) {
      return Future.failedFuture(failure(OAuthFailure.Reason.INVALID_REQUEST, "token is required"));
    }
    return keys.verify(token, USE).transform(verified -> {
      if (verified.failed() || !callerInstanceId.equals(verified.result().getString(INSTANCE_CLAIM))) {
        return Future.succeededFuture();
      }
      JsonObject claims = verified.result();
      return store.revokeToken(new RevokedToken(callerInstanceId, claims.getString("jti"),
          Instant.ofEpochSecond(claims.getLong("exp"))));
    }).recover(f -> Future.failedFuture(translate(f)));
  }

  /** A machine user authenticating with its secret at the revocation endpoint: its instance, or a failure. */
  public Future<String> authenticateMachine(String clientId, String secret) {
    if (clientId == null || secret == null) {
      return Future.failedFuture(unauthorized());
    }
    String hash = hasher.hash(secret);
    return cache.get("secret:" + hash, () -> store.machineUserBySecretHash(hash).map(found -> found.orElse(null)),
            user -> List.of(user.instanceId(), user.id()))
        .compose(user -> user != null && loginNameMatches(user, clientId) ? Future.succeededFuture(user.instanceId())
            : tarpit.<String>fail(clientId, unauthorized()))
        .recover(f -> Future.failedFuture(translate(f)));
  }

  public JsonObject jwks() {
    return keys.jwks();
  }

  // ---- cached lookups

  Future<Optional<User>> user(String instanceId, String userId) {
    return cache.get("user:" + instanceId + ":" + userId,
            () -> store.user(instanceId, userId).map(found -> found.orElse(null)),
            user -> List.of(user.instanceId(), user.id()))
        .map(Optional::ofNullable);
  }

  private Future<Optional<ApiApp>> app(String clientId) {
    return cache.get("app:" + clientId, () -> store.apiAppByClientId(clientId).map(found -> found.orElse(null)),
            app -> List.of(app.instanceId(), app.projectId(), app.id()))
        .map(Optional::ofNullable);
  }

  private Future<Boolean> revoked(String jti) {
    return cache.get("revoked:" + jti, () -> store.isTokenRevoked(jti), revoked -> List.of(jti));
  }

  // ---- helpers

  private static boolean loginNameMatches(User user, String clientId) {
    if (clientId.equals(user.userName())) {
      return true;
    }
    int at = clientId.lastIndexOf('@');
    return at > 0 && clientId.substring(0, at).equals(user.userName());
  }

  private static List<String> audiences(String issuer) {
    return List.of(issuer, issuer + "/", issuer + "/oauth/v2/token");
  }

  private static Future<Void> requireScope(String scope) {
    if (scope == null || scope.isBlank()) {
      return Future.failedFuture(failure(OAuthFailure.Reason.INVALID_REQUEST, "scope is required"));
    }
    return Future.succeededFuture();
  }

  private static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  private static OAuthFailure failure(OAuthFailure.Reason reason, String detail) {
    return new OAuthFailure(reason, detail);
  }

  private static OAuthFailure unauthorized() {
    return failure(OAuthFailure.Reason.UNAUTHORIZED_CLIENT, "client authentication failed");
  }

  private static Throwable translate(Throwable failure) {
    return failure instanceof OAuthFailure ? failure : StoreFailures.translate(failure, java.util.Map.of());
  }
}
