package dev.keygate.gateway.service.commerce;

import io.vertx.core.json.JsonObject;

/**
 * The vendor's part of the tokens the commerce admin API issues: the claims an access token and an application key
 * carry besides Keygate's own, and where an access token keeps its principal's name. The surface that speaks the
 * vendor's dialect supplies it, so that no service writes a vendor's claim names.
 */
public interface CommerceTokenFormat {

  /**
   * The vendor's claims of an access token (subject, audience, issuer, token id and whatever else the vendor's
   * clients read), in the order they are written; Keygate's own claims follow them.
   *
   * @param issuer the URL the client called, scheme and authority
   */
  JsonObject accessTokenClaims(CommercePrincipal principal, String tokenId, String issuer);

  /** The principal's first name, as {@link #accessTokenClaims} wrote it. */
  String firstName(JsonObject accessTokenClaims);

  /** The principal's last name, as {@link #accessTokenClaims} wrote it. */
  String lastName(JsonObject accessTokenClaims);

  /**
   * The vendor's claims of an application key: its subject is the application id, its token id the key id, in the
   * order they are written; Keygate's own claims (and an expiry, if the key has one) follow them.
   */
  JsonObject applicationKeyClaims(String applicationId, String keyId, long issuedAt);
}
