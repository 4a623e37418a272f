package dev.keygate.gateway.oauth;

import dev.keygate.gateway.service.token.AccessTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** The RFC 7662 answer: {@code {"active": false}} for any token the app may not see, else the token's claims. */
final class Introspection {

  private Introspection() {}

  static JsonObject json(Optional<AccessTokens.ActiveToken> found) {
    if (found.isEmpty()) {
      return new JsonObject().put("active", false);
    }
    AccessTokens.ActiveToken token = found.get();
    return new JsonObject().put("active", true)
        .put("scope", token.scope())
        .put("client_id", token.clientId())
        .put("token_type", "Bearer")
        .put("exp", token.expiresAt())
        .put("iat", token.issuedAt())
        .put("iss", token.issuer())
        .put("aud", new JsonArray(token.audience()))
        .put("sub", token.subject())
        .put("jti", token.tokenId());
  }
}
