package dev.keygate.gateway.oracle;

import dev.keygate.gateway.service.commerce.CommercePrincipal;
import dev.keygate.gateway.service.commerce.CommerceTokenFormat;
import io.vertx.core.json.JsonObject;

/**
 * The claims Oracle Commerce's admin tokens carry, which its clients (DCU among them) read: an access token names its
 * audience ({@code applicationAccess} for an application key's login, {@code adminUI} for a user's), is issued by
 * {@code <host>/occs-admin} and carries the admin profile under {@code occs.admin.*}; an application key is issued by
 * {@code applicationAuth}. See docs/wire/oracle.md.
 */
public final class OracleTokenClaims implements CommerceTokenFormat {

  private static final String PROFILE_ID = "occs.admin.profileId";
  private static final String FIRST_NAME = "occs.admin.firstName";
  private static final String LAST_NAME = "occs.admin.lastName";

  @Override
  public JsonObject accessTokenClaims(CommercePrincipal principal, String tokenId, String issuer) {
    return new JsonObject()
        .put("sub", principal.id())
        .put("aud", principal.isApplication() ? "applicationAccess" : "adminUI")
        .put("iss", issuer + "/occs-admin")
        .put("jti", tokenId)
        .put(PROFILE_ID, principal.id())
        .put(FIRST_NAME, principal.firstName())
        .put(LAST_NAME, principal.lastName());
  }

  @Override
  public String firstName(JsonObject accessTokenClaims) {
    return accessTokenClaims.getString(FIRST_NAME);
  }

  @Override
  public String lastName(JsonObject accessTokenClaims) {
    return accessTokenClaims.getString(LAST_NAME);
  }

  @Override
  public JsonObject applicationKeyClaims(String applicationId, String keyId, long issuedAt) {
    return new JsonObject().put("sub", applicationId).put("iss", "applicationAuth").put("iat", issuedAt)
        .put("jti", keyId);
  }
}
