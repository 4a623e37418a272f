package dev.keygate.gateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZitadelScopesTest {

  private final ZitadelScopes scopes = new ZitadelScopes();

  @Test
  void everyProjectAudienceScopeNamesItsProject() {
    assertThat(scopes.audiences("openid urn:zitadel:iam:org:project:id:123:aud profile"
        + " urn:zitadel:iam:org:project:id:456:aud")).containsExactly("123", "456");
  }

  @Test
  void anyRunOfWhitespaceSeparatesScopes() {
    assertThat(scopes.audiences("  urn:zitadel:iam:org:project:id:1:aud\t\turn:zitadel:iam:org:project:id:2:aud \n"))
        .containsExactly("1", "2");
    assertThat(scopes.audiences("")).isEmpty();
    assertThat(scopes.audiences("   ")).isEmpty();
  }

  @Test
  void onlyTheWholeReservedFormCounts() {
    assertThat(scopes.audiences("urn:zitadel:iam:org:project:id:7:audx urn:zitadel:iam:org:project:id:7"
        + " xurn:zitadel:iam:org:project:id:7:aud openid")).isEmpty();
    // the prefix's own colon is not the suffix's: no audience, and no failure
    assertThat(scopes.audiences("urn:zitadel:iam:org:project:id:aud")).isEmpty();
    assertThat(scopes.audiences("urn:zitadel:iam:org:project:id::aud")).containsExactly("");
  }
}
