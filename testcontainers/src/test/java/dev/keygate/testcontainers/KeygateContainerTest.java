package dev.keygate.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.keygate.testcontainers.Api.Answer;
import java.util.Base64;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.output.Slf4jLogConsumer;

/**
 * A {@link KeygateContainer} on the memory store, through Testcontainers and podman's Docker-compatible socket: it
 * starts and is ready, {@link KeygateContainer#createInstance} gives an owner's PAT that the management API takes, a
 * machine user's secret buys a client_credentials token, and the container is gone after its stop.
 */
@ExtendWith(PodmanService.class)
class KeygateContainerTest {

  private static KeygateContainer keygate;

  @BeforeAll
  static void start() {
    keygate = new KeygateContainer().withSetting("KEYGATE_EXTERNAL_DOMAIN", "keygate.test")
        .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("keygate-container")));
    long started = System.nanoTime();
    keygate.start();
    System.out.printf("[testcontainers] memory store: start() to ready %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
  }

  @AfterAll
  static void stopAndRemove() {
    if (keygate == null || keygate.getContainerId() == null) {
      return;
    }
    String id = keygate.getContainerId();
    long started = System.nanoTime();
    keygate.stop();
    System.out.printf("[testcontainers] memory store: stop() %d ms%n", (System.nanoTime() - started) / 1_000_000);
    assertRemoved(id);
  }

  @Test
  void startsAndIsReady() {
    assertThat(keygate.isRunning()).isTrue();
    assertThat(keygate.getDockerImageName()).isEqualTo(KeygateContainer.DEFAULT_IMAGE)
        .isEqualTo("localhost/keygate:" + KeygateContainer.VERSION).doesNotContain("${");
    assertThat(keygate.getHost()).isEqualTo("127.0.0.1");
    assertThat(keygate.getBaseUrl()).isEqualTo("http://127.0.0.1:" + keygate.getMappedPort(8080));
    assertThat(keygate.getManagementUrl()).isEqualTo("http://127.0.0.1:" + keygate.getMappedPort(9000));

    Answer ready = Api.get(keygate.getManagementUrl() + "/health/ready", null);
    assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
    assertThat(ready.body()).contains("\"UP\"");
    Answer discovery = Api.get(keygate.getBaseUrl() + "/.well-known/openid-configuration", null);
    assertThat(discovery.status()).as(discovery.toString()).isEqualTo(200);
    assertThat(discovery.string("token_endpoint")).endsWith("/oauth/v2/token");

    // a system token of its own: 32 random bytes, and the system API takes no other
    assertThat(Base64.getUrlDecoder().decode(keygate.getSystemToken())).hasSize(32);
    assertThat(keygate.getEnvMap()).containsEntry("KEYGATE_SYSTEM_TOKEN", keygate.getSystemToken())
        .containsEntry("KEYGATE_EXTERNAL_DOMAIN", "keygate.test").doesNotContainKey("KEYGATE_STORE");
    Answer wrongToken = Api.post(keygate.getBaseUrl() + "/system/v1/instances/_create", "not-the-token",
        "{\"instanceName\":\"Nope\"}");
    assertThat(wrongToken.status()).as(wrongToken.toString()).isEqualTo(401);
    assertThat(keygate.getLogs()).contains("store:      memory");
  }

  @Test
  void createInstanceGivesAPatThatTheManagementApiTakes() {
    KeygateContainer.Tenant acme = keygate.createInstance("Acme \"Quoted\"");
    assertThat(acme.instanceId()).matches("[0-9]{17,19}");
    assertThat(acme.orgId()).matches("[0-9]{17,19}");
    assertThat(acme.pat()).isNotBlank();
    assertThat(acme.domain()).endsWith(".keygate.test");

    Answer project = Api.post(keygate.getBaseUrl() + "/management/v1/projects", acme.pat(), "{\"name\":\"billing\"}");
    assertThat(project.status()).as(project.toString()).isEqualTo(200);
    String projectId = project.string("id");
    Answer read = Api.get(keygate.getBaseUrl() + "/management/v1/projects/" + projectId, acme.pat());
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    assertThat(Json.string(Json.object(read.json(), "project"), "name")).isEqualTo("billing");
    assertThat(Json.string(Json.object(read.json(), "project", "details"), "resourceOwner")).isEqualTo(acme.orgId());

    // another tenant's PAT does not reach it
    KeygateContainer.Tenant other = keygate.createInstance("Other");
    assertThat(other.instanceId()).isNotEqualTo(acme.instanceId());
    assertThat(other.domain()).isNotEqualTo(acme.domain());
    assertThat(Api.get(keygate.getBaseUrl() + "/management/v1/projects/" + projectId, other.pat()).status())
        .isEqualTo(404);
  }

  @Test
  void aMachineUsersSecretBuysAClientCredentialsToken() {
    String k = keygate.getBaseUrl();
    KeygateContainer.Tenant tenant = keygate.createInstance("Tokens");
    String project = Api.post(k + "/management/v1/projects", tenant.pat(), "{\"name\":\"billing\"}").string("id");
    Answer app = Api.post(k + "/management/v1/projects/" + project + "/apps/api", tenant.pat(),
        "{\"name\":\"billing-api\",\"authMethodType\":\"API_AUTH_METHOD_TYPE_BASIC\"}");
    assertThat(app.status()).as(app.toString()).isEqualTo(200);
    String bot = Api.post(k + "/management/v1/users/machine", tenant.pat(),
        "{\"userName\":\"billing-bot\",\"name\":\"Billing bot\"}").string("userId");
    Answer secret = Api.put(k + "/management/v1/users/" + bot + "/secret", tenant.pat());
    assertThat(secret.status()).as(secret.toString()).isEqualTo(200);

    Answer token = Api.form(k + "/oauth/v2/token", "billing-bot", secret.string("clientSecret"), Map.of(
        "grant_type", "client_credentials", "scope", "openid urn:zitadel:iam:org:project:id:" + project + ":aud"));
    assertThat(token.status()).as(token.toString()).isEqualTo(200);
    assertThat(token.string("token_type")).isEqualToIgnoringCase("Bearer");

    Answer introspection = Api.form(k + "/oauth/v2/introspect", app.string("clientId"), app.string("clientSecret"),
        Map.of("token", token.string("access_token")));
    assertThat(introspection.status()).as(introspection.toString()).isEqualTo(200);
    assertThat(introspection.json()).containsEntry("active", true).containsEntry("client_id", "billing-bot");
    assertThat(introspection.json().get("aud")).asInstanceOf(InstanceOfAssertFactories.LIST).contains(project);

    Answer wrongSecret = Api.form(k + "/oauth/v2/token", "billing-bot", "not-the-secret", Map.of(
        "grant_type", "client_credentials", "scope", "openid"));
    assertThat(wrongSecret.status()).as(wrongSecret.toString()).isEqualTo(400); // as ZITADEL answers it
    assertThat(wrongSecret.string("error")).isEqualTo("invalid_client");
  }

  @Test
  void settingsAreKeygatesOnly() {
    try (KeygateContainer unstarted = new KeygateContainer()) {
      assertThatThrownBy(() -> unstarted.withSetting("JAVA_TOOL_OPTIONS", "-Xmx1g"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KEYGATE_*");
      assertThatThrownBy(() -> unstarted.withSetting("KEYGATE_HTTP_PORT", "9090"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("getMappedPort");
      assertThatThrownBy(() -> unstarted.withMasterKey("c2hvcnQ="))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
      unstarted.withSetting("KEYGATE_SYSTEM_TOKEN", "chosen");
      assertThat(unstarted.getSystemToken()).isEqualTo("chosen");
      assertThat(unstarted.getMasterKey()).isNull();
      // each container a token of its own
      try (KeygateContainer another = new KeygateContainer()) {
        assertThat(another.getSystemToken()).isNotEqualTo(keygate.getSystemToken());
      }
    }
  }

  @Test
  void theJsonReaderReadsKeygatesAnswers() {
    Object parsed = Json.parse(" {\"a\": [1, -2.5e3, true, false, null], \"s\": \"q\\\"\\\\\\/\\u00e9\\n\","
        + " \"o\": {\"empty\": {}, \"list\": []}} ");
    assertThat(Json.object(parsed)).containsKeys("a", "s", "o");
    assertThat(Json.string(Json.object(parsed), "s")).isEqualTo("q\"\\/\u00e9\n");
    assertThat(Json.object(parsed, "o", "empty")).isEmpty();
    assertThat(Json.object(parsed).get("a")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(5)
        .contains(true, false, null);
    String tricky = "Acme \"Quoted\" \\ \u0001 \u00e9";
    assertThat(Json.parse(Json.quote(tricky))).isEqualTo(tricky);
    assertThatThrownBy(() -> Json.parse("{\"a\": }")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> Json.parse("{} x")).isInstanceOf(IllegalArgumentException.class);
  }

  /** The container is gone from the engine, not only stopped. */
  static void assertRemoved(String containerId) {
    assertThatThrownBy(() -> DockerClientFactory.instance().client().inspectContainerCmd(containerId).exec())
        .as("container %s removed", containerId).isInstanceOf(NotFoundException.class);
  }
}
