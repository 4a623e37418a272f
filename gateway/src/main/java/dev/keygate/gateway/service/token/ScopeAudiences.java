package dev.keygate.gateway.service.token;

import java.util.List;

/**
 * Reads, from the scope of a token request, the audiences it asks for beyond the client itself. The scope syntax is
 * a vendor's (ZITADEL names a project as {@code urn:zitadel:iam:org:project:id:<id>:aud}), so the surface that speaks
 * it supplies the reading; the grants only put the audiences into the token.
 */
@FunctionalInterface
public interface ScopeAudiences {

  /** The requested audiences in the order the scope names them; {@code scope} is neither null nor blank. */
  List<String> audiences(String scope);
}
