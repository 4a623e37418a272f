package dev.keygate.gateway.oauth;

import dev.keygate.gateway.service.ScopeAudiences;
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
    List<String> audiences = new ArrayList<>();
    for (String requested : scope.trim().split("\\s+")) {
      if (requested.startsWith(PROJECT_AUDIENCE) && requested.endsWith(AUDIENCE_SUFFIX)) {
        audiences.add(requested.substring(PROJECT_AUDIENCE.length(), requested.length() - AUDIENCE_SUFFIX.length()));
      }
    }
    return audiences;
  }
}
