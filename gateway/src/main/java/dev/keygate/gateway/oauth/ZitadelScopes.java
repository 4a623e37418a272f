package dev.keygate.gateway.oauth;

import dev.keygate.gateway.service.token.ScopeAudiences;
import java.util.ArrayList;
import java.util.List;

/**
 * ZITADEL's reserved scope that adds a project to a token's audience: {@code urn:zitadel:iam:org:project:id:<id>:aud}
 * (see docs/wire/zitadel.md). Any other scope value is carried in the token's {@code scope} claim only.
 */
public final class ZitadelScopes implements ScopeAudiences {

  private static final String PROJECT_AUDIENCE = "urn:zitadel:iam:org:project:id:";
  private static final String AUDIENCE_SUFFIX = ":aud";

  @Override
  public List<String> audiences(String scope) {
    // scope values are separated by spaces (RFC 6749 3.3); any whitespace is taken as one, without a regex per call
    List<String> audiences = new ArrayList<>();
    int at = 0;
    int length = scope.length();
    while (at < length) {
      while (at < length && Character.isWhitespace(scope.charAt(at))) {
        at++;
      }
      int end = at;
      while (end < length && !Character.isWhitespace(scope.charAt(end))) {
        end++;
      }
      if (end - at >= PROJECT_AUDIENCE.length() + AUDIENCE_SUFFIX.length()
          && scope.startsWith(PROJECT_AUDIENCE, at) && scope.startsWith(AUDIENCE_SUFFIX,
          end - AUDIENCE_SUFFIX.length())) {
        audiences.add(scope.substring(at + PROJECT_AUDIENCE.length(), end - AUDIENCE_SUFFIX.length()));
      }
      at = end;
    }
    return audiences;
  }
}
