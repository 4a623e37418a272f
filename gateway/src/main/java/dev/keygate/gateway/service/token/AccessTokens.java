package dev.keygate.gateway.service.token;

import dev.keygate.gateway.service.ServiceMeter;
import dev.keygate.gateway.service.StoreFailures;
import dev.keygate.gateway.service.credential.VerificationCache;
import dev.keygate.store.ApiApp;
import dev.keygate.store.RevocationStore;
import dev.keygate.store.User;
import dev.keygate.store.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verification of the access tokens {@link TokenGrants} issues: signature, expiry, revocation and a user that still
 * exists. The management API accepts these tokens like PATs; an API app introspects them.
 */
public final class AccessTokens {

  /** The use every access token of the grants is signed for. */
  static final String USE = "oauth-access";

  /** The verified claims of one of our access tokens that is still good. */
  public record AccessToken(String instanceId, User user, JsonObject claims) {}

  /** What introspection tells an app about an active token: the token's own claims, nothing more. */
  public record ActiveToken(String scope, String clientId, Long expiresAt, Long issuedAt, String issuer,
                            List<String> audience, String subject, String tokenId) {}

  private final RevocationStore revocations;
  private final UserStore users;
  private final AccessTokenFormats formats;
  private final VerificationCache cache;
  private final ServiceMeter meter;

  public AccessTokens(RevocationStore revocations, UserStore users, AccessTokenFormats formats,
                      VerificationCache cache, ServiceMeter meter) {
    this.meter = meter;
    this.revocations = revocations;
    this.users = users;
    this.formats = formats;
    this.cache = cache;
  }

  /**
   * Introspection for an authenticated app: active only for a good token of the app's own instance whose audience
   * names the app's client id or project, and whose user still exists; empty (inactive) otherwise.
   */
  public Future<Optional<ActiveToken>> introspect(ApiApp app, String token) {
    return activeFor(app, token).andThen(done -> {
      if (done.succeeded()) {
        meter.count(done.result().isPresent() ? ServiceMeter.Event.INTROSPECTION_ACTIVE
            : ServiceMeter.Event.INTROSPECTION_INACTIVE);
      }
    });
  }

  private Future<Optional<ActiveToken>> activeFor(ApiApp app, String token) {
    return verify(token).map(found -> {
      if (found.isEmpty() || !found.get().instanceId().equals(app.instanceId())) {
        return Optional.<ActiveToken>empty();
      }
      JsonObject claims = found.get().claims();
      JsonArray aud = claims.getJsonArray("aud", new JsonArray());
      if (!aud.contains(app.clientId()) && !aud.contains(app.projectId())) {
        return Optional.<ActiveToken>empty();
      }
      return Optional.of(new ActiveToken(claims.getString("scope"), claims.getString("client_id"),
          claims.getLong("exp"), claims.getLong("iat"), claims.getString("iss"),
          aud.stream().map(String::valueOf).toList(), claims.getString("sub"), claims.getString("jti")));
    }).recover(f -> Future.failedFuture(StoreFailures.translate(f, Map.of())));
  }

  /**
   * One of our access tokens, of either format, verified (seal or signature, expiry), not revoked, and whose user
   * still exists; empty for any other token.
   */
  public Future<Optional<AccessToken>> verify(String token) {
    return formats.read(token).compose(claims -> {
      if (claims == null) {
        return Future.succeededFuture(Optional.<AccessToken>empty());
      }
      String jti = claims.getString("jti");
      String instanceId = claims.getString(SigningKeys.INSTANCE_CLAIM);
      String userId = claims.getString("sub");
      if (jti == null || instanceId == null || userId == null) {
        return Future.succeededFuture(Optional.<AccessToken>empty());
      }
      return cache.revoked(jti, () -> revocations.isTokenRevoked(jti)).compose(revoked -> revoked
          ? Future.succeededFuture(Optional.<AccessToken>empty())
          : cache.user(instanceId, userId, () -> users.user(instanceId, userId))
              .map(user -> user.map(u -> new AccessToken(instanceId, u, claims))));
    });
  }
}
