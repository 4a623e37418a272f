package dev.keygate.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings of {@link KeygateTest} reach the server, over the extension's own choices. */
@KeygateTest(settings = {
    "KEYGATE_ACCESS_TOKEN_LIFETIME=120",
    "KEYGATE_EXTERNAL_DOMAIN=keygate.test",
    KeygateTestSettingsTest.TOKEN_SETTING
})
class KeygateTestSettingsTest {

  static final String TOKEN = "the-tests-own-system-token-0123456789";
  static final String TOKEN_SETTING = "KEYGATE_SYSTEM_TOKEN=" + TOKEN;

  @Test
  void theSettingsOfTheAnnotationApply(KeygateServer keygate) {
    assertThat(keygate.systemToken()).isEqualTo(TOKEN);

    KeygateServer.Tenant tenant = keygate.newTenant("settings");
    assertThat(tenant.domain()).startsWith("settings-").endsWith(".keygate.test");

    // a machine user's client_credentials token lives as long as KEYGATE_ACCESS_TOKEN_LIFETIME says
    String users = keygate.baseUrl() + "/management/v1/users/";
    Requests.Answer user = Requests.post(users + "machine", tenant.pat(), new JsonObject()
        .put("userName", "bot").put("name", "Bot"));
    assertThat(user.status()).as(user.body()).isEqualTo(200);
    Requests.Answer secret = Requests.put(users + user.json().getString("userId") + "/secret", tenant.pat());
    assertThat(secret.status()).as(secret.body()).isEqualTo(200);
    Requests.Answer token = Requests.form(keygate.baseUrl() + "/oauth/v2/token", "bot",
        secret.json().getString("clientSecret"), Map.of("grant_type", "client_credentials", "scope", "openid"));
    assertThat(token.status()).as(token.body()).isEqualTo(200);
    assertThat(token.json().getInteger("expires_in")).isEqualTo(120);
  }

  @Test
  void theExtensionsOwnChoicesStayWhereNoSettingReplacesThem(KeygateServer keygate) {
    assertThat(keygate.baseUrl()).startsWith("http://127.0.0.1:");
    assertThat(Requests.get(keygate.managementUrl() + "/health/live", null).status()).isEqualTo(200);
  }
}
