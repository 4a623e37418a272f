package dev.keygate.gateway.oauth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The OpenID provider metadata of {@code /.well-known/openid-configuration}, for one issuer. */
final class Discovery {

  private Discovery() {}

  static JsonObject of(String issuer) {
    return new JsonObject()
        .put("issuer", issuer)
        .put("token_endpoint", issuer + "/oauth/v2/token")
        .put("introspection_endpoint", issuer + "/oauth/v2/introspect")
        .put("revocation_endpoint", issuer + "/oauth/v2/revoke")
        .put("jwks_uri", issuer + "/oauth/v2/keys")
        .put("grant_types_supported", new JsonArray().add("client_credentials").add(OAuthApi.JWT_BEARER))
        .put("token_endpoint_auth_methods_supported", new JsonArray().add("client_secret_basic")
            .add("client_secret_post"))
        .put("introspection_endpoint_auth_methods_supported", new JsonArray().add("client_secret_basic")
            .add("client_secret_post").add("private_key_jwt"))
        .put("revocation_endpoint_auth_methods_supported", new JsonArray().add("client_secret_basic")
            .add("client_secret_post").add("private_key_jwt"))
        .put("response_types_supported", new JsonArray().add("token"))
        .put("subject_types_supported", new JsonArray().add("public"))
        .put("id_token_signing_alg_values_supported", new JsonArray().add("ES256"))
        .put("scopes_supported", new JsonArray().add("openid").add("profile"));
  }
}
