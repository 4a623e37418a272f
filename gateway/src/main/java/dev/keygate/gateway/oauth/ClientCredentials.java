package dev.keygate.gateway.oauth;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A client's credentials as it sent them: HTTP Basic wins over the form's {@code client_id}/{@code client_secret};
 * Basic's parts are URL-decoded after base64 (RFC 6749 section 2.3.1), as ZITADEL reads them.
 */
record ClientCredentials(String clientId, String secret, String assertionType, String assertion) {

  static ClientCredentials of(RoutingContext rc, JsonObject form) {
    String header = rc.request().getHeader("authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon >= 0) {
          return new ClientCredentials(urlDecode(decoded.substring(0, colon)), urlDecode(decoded.substring(colon + 1)),
              null, null);
        }
      } catch (IllegalArgumentException e) {
        // not base64 or not URL-encoded: treated as absent, so the client fails to authenticate
      }
      return new ClientCredentials(null, null, null, null);
    }
    return new ClientCredentials(form.getString("client_id"), form.getString("client_secret"),
        form.getString("client_assertion_type"), form.getString("client_assertion"));
  }

  private static String urlDecode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
