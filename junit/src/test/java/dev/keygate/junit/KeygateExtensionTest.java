package dev.keygate.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a test class annotated with {@link KeygateTest} gets: one server, injected wherever a test asks for it. */
@KeygateTest
class KeygateExtensionTest {

  private static KeygateServer beforeAll;
  private final KeygateServer constructed;
  private KeygateServer beforeEach;

  KeygateExtensionTest(KeygateServer keygate) {
    this.constructed = keygate;
  }

  @BeforeAll
  static void rememberTheServerOfBeforeAll(KeygateServer keygate) {
    beforeAll = keygate;
  }

  @BeforeEach
  void rememberTheServerOfBeforeEach(KeygateServer keygate) {
    beforeEach = keygate;
  }

  @Test
  void constructorBeforeAllBeforeEachAndTheTestGetTheClasssOneServer(KeygateServer keygate) {
    assertThat(keygate).isNotNull().isSameAs(beforeAll).isSameAs(constructed).isSameAs(beforeEach);
  }

  @Test
  void itListensOnTheLoopbackAndAnswersItsHealthChecks(KeygateServer keygate) {
    assertThat(keygate.baseUrl()).isEqualTo("http://127.0.0.1:" + keygate.port());
    assertThat(keygate.managementUrl()).isEqualTo("http://127.0.0.1:" + keygate.managementPort());
    assertThat(keygate.port()).isPositive().isNotEqualTo(keygate.managementPort());

    Requests.Answer healthz = Requests.get(keygate.baseUrl() + "/healthz", null);
    assertThat(healthz.status()).isEqualTo(200);
    assertThat(healthz.json().getString("status")).isEqualTo("UP");
    Requests.Answer ready = Requests.get(keygate.managementUrl() + "/health/ready", null);
    assertThat(ready.status()).as(ready.body()).isEqualTo(200);
  }

  @Test
  void aNewTenantsPatWorksAtTheManagementApiOfItsOwnInstanceOnly(KeygateServer keygate) {
    KeygateServer.Tenant acme = keygate.newTenant("Acme Corp");

    Requests.Answer created = Requests.post(keygate.baseUrl() + "/management/v1/projects", acme.pat(),
        new JsonObject().put("name", "billing"));
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String projectId = created.json().getString("id");
    Requests.Answer read = Requests.get(keygate.baseUrl() + "/management/v1/projects/" + projectId, acme.pat());
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.json().getJsonObject("project").getString("name")).isEqualTo("billing");
    assertThat(acme.domain()).startsWith("acme-corp-").endsWith(".localhost");
    assertThat(acme.orgId()).isNotBlank().isNotEqualTo(acme.instanceId());

    // the same name again: another instance, which does not see the first one's project
    KeygateServer.Tenant other = keygate.newTenant("Acme Corp");
    assertThat(other.instanceId()).isNotEqualTo(acme.instanceId());
    assertThat(other.domain()).isNotEqualTo(acme.domain());
    assertThat(Requests.get(keygate.baseUrl() + "/management/v1/projects/" + projectId, other.pat()).status())
        .isEqualTo(404);
  }

  @Test
  void theDefaultTenantIsCreatedOnceAndWorks(KeygateServer keygate) {
    KeygateServer.Tenant tenant = keygate.defaultTenant();

    assertThat(keygate.defaultTenant()).isSameAs(tenant);
    assertThat(tenant.domain()).startsWith("default-");
    assertThat(Requests.post(keygate.baseUrl() + "/management/v1/projects", tenant.pat(),
        new JsonObject().put("name", "default-project")).status()).isEqualTo(200);
  }

  @Test
  void theSystemTokenIsARandomOneThatOpensTheSystemApiAndNoStringShowsASecret(KeygateServer keygate) {
    String token = keygate.systemToken();
    assertThat(token).hasSize(43);
    String search = keygate.baseUrl() + "/system/v1/instances/_search";
    assertThat(Requests.post(search, token, new JsonObject()).status()).isEqualTo(200);
    assertThat(Requests.post(search, token + "x", new JsonObject()).status()).isEqualTo(401);

    KeygateServer.Tenant tenant = keygate.newTenant("shown");
    assertThat(keygate.toString()).contains(keygate.baseUrl()).doesNotContain(token);
    assertThat(tenant.toString()).contains(tenant.instanceId()).doesNotContain(tenant.pat());
  }
}
