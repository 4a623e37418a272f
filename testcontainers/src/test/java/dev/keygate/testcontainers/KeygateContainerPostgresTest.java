package dev.keygate.testcontainers;

import static dev.keygate.testcontainers.KeygateContainerTest.assertRemoved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.store.postgres.testing.TestPostgres;
import dev.keygate.testcontainers.Api.Answer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.output.Slf4jLogConsumer;

/**
 * {@link KeygateContainer#withPostgres(String)} against a PostgreSQL on the host (the store's embedded test server),
 * which the containers on podman's bridge reach as {@code host.containers.internal} through a {@link TcpRelay}: a
 * second container on the same database and master key finds what the first one made, and each is removed after its
 * stop. (Pairing it with Testcontainers' PostgreSQLContainer on a shared network, as README shows, needs an image
 * from a registry, which this machine cannot reach.)
 */
@ExtendWith(PodmanService.class)
class KeygateContainerPostgresTest {

  @Test
  void aSecondContainerOnTheSameDatabaseFindsWhatTheFirstMade(@TempDir Path data) {
    try (TestPostgres postgres = TestPostgres.dedicated(data.resolve("pg"));
        TcpRelay relay = new TcpRelay(postgres.port())) {
      String uri = "postgresql://postgres:postgres@host.containers.internal:" + relay.port() + "/postgres";

      KeygateContainer first = start(new KeygateContainer().withPostgres(uri), "first");
      assertThat(Base64.getDecoder().decode(first.getMasterKey())).hasSize(32);
      assertThat(first.getEnvMap()).containsEntry("KEYGATE_STORE", "postgres").containsEntry("KEYGATE_PG_URI", uri)
          .containsEntry("KEYGATE_MASTER_KEY", first.getMasterKey());
      assertThat(first.getLogs()).contains("store:      postgres host.containers.internal:")
          .doesNotContain("postgres:postgres@");
      KeygateContainer.Tenant tenant = first.createInstance("Durable");
      String k = first.getBaseUrl();
      String project = Api.post(k + "/management/v1/projects", tenant.pat(), "{\"name\":\"kept\"}").string("id");
      String bot = Api.post(k + "/management/v1/users/machine", tenant.pat(),
          "{\"userName\":\"kept-bot\",\"name\":\"Kept bot\"}").string("userId");
      String botSecret = Api.put(k + "/management/v1/users/" + bot + "/secret", tenant.pat()).string("clientSecret");
      String firstId = first.getContainerId();
      stop(first, "first");
      assertRemoved(firstId);

      // the same database and master key; another system token and other ports
      KeygateContainer second = start(new KeygateContainer().withPostgres(uri).withMasterKey(first.getMasterKey()),
          "second");
      assertThat(second.getSystemToken()).isNotEqualTo(first.getSystemToken());
      String k2 = second.getBaseUrl();
      Answer read = Api.get(k2 + "/management/v1/projects/" + project, tenant.pat());
      assertThat(read.status()).as("the first container's PAT on the second: %s", read).isEqualTo(200);
      assertThat(Json.string(Json.object(read.json(), "project"), "name")).isEqualTo("kept");
      Answer token = Api.form(k2 + "/oauth/v2/token", "kept-bot", botSecret, Map.of("grant_type",
          "client_credentials", "scope", "openid urn:zitadel:iam:org:project:id:" + project + ":aud"));
      assertThat(token.status()).as("the first container's machine secret on the second: %s", token).isEqualTo(200);
      Answer instance = Api.get(k2 + "/system/v1/instances/" + tenant.instanceId(), second.getSystemToken());
      assertThat(instance.status()).as(instance.toString()).isEqualTo(200);
      assertThat(Api.post(k2 + "/management/v1/projects", tenant.pat(), "{\"name\":\"after\"}").status())
          .isEqualTo(200);
      String secondId = second.getContainerId();
      stop(second, "second");
      assertRemoved(secondId);
    }
  }

  @Test
  void theUriFromItsParts() {
    try (KeygateContainer keygate = new KeygateContainer()
        .withPostgres("postgres", 5432, "keygate", "kg user", "p@ss:w/rd%")) {
      assertThat(keygate.getEnvMap())
          .containsEntry("KEYGATE_PG_URI", "postgresql://kg%20user:p%40ss%3Aw%2Frd%25@postgres:5432/keygate")
          .containsEntry("KEYGATE_STORE", "postgres");
      assertThat(Base64.getDecoder().decode(keygate.getMasterKey())).hasSize(32);
      // a master key given first is kept
      String key = Base64.getEncoder().encodeToString(new byte[32]);
      try (KeygateContainer given = new KeygateContainer().withMasterKey(key).withPostgres("postgresql://x/y")) {
        assertThat(given.getMasterKey()).isEqualTo(key);
        assertThat(given.getEnvMap()).containsEntry("KEYGATE_MASTER_KEY", key);
      }
    }
  }

  private static KeygateContainer start(KeygateContainer keygate, String which) {
    keygate.withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("keygate-container-" + which)));
    long started = System.nanoTime();
    keygate.start();
    System.out.printf("[testcontainers] PostgreSQL, %s container: start() to ready %d ms%n", which,
        (System.nanoTime() - started) / 1_000_000);
    return keygate;
  }

  private static void stop(KeygateContainer keygate, String which) {
    long started = System.nanoTime();
    keygate.stop();
    System.out.printf("[testcontainers] PostgreSQL, %s container: stop() %d ms%n", which,
        (System.nanoTime() - started) / 1_000_000);
  }
}
