package dev.keygate.gateway.idempotency;

import static dev.keygate.gateway.idempotency.Retries.newKey;
import static dev.keygate.gateway.idempotency.Retries.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import dev.keygate.store.IdempotencyRecord;
import dev.keygate.store.KeygateStore;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key on ZITADEL's creates, on the store of the run, with two gateways on one store where it matters (as
 * two processes on one database; on the memory store, the store object outlives the gateways, which a real restart
 * of a memory-store process does not: there a restart forgets every key, as it forgets everything else).
 */
@EveryStore
class IdempotencyKeyTest {

  private static final String PROJECTS = "/management/v1/projects";

  private static String apps(String projectId) {
    return PROJECTS + "/" + projectId + "/apps/api";
  }

  private static long appCount(TestGateway gateway, Tenants.Tenant tenant, String projectId) {
    Response listed = gateway.http().post(PROJECTS + "/" + projectId + "/apps/_search", tenant.pat(), new JsonObject());
    return Long.parseLong(listed.json().getJsonObject("details").getString("totalResult"));
  }

  @Test
  void fiftyParallelRetriesThroughTwoGatewaysCreateOneAppAndEachCallerGetsItsSecretOrAConflict(
      KeygateStore database) {
    KeygateStore store = TestStore.outliving(database);
    try (TestGateway first = TestGateway.start(store, new JsonObject());
         TestGateway second = TestGateway.start(store, new JsonObject())) {
      Tenants.Tenant tenant = first.tenants().create("retries");
      String projectId = first.tenants().project(tenant, "p");
      String key = newKey();
      JsonObject body = new JsonObject().put("name", "billing").put("authMethodType", "API_AUTH_METHOD_TYPE_BASIC");

      ExecutorService clients = Executors.newFixedThreadPool(16);
      List<CompletableFuture<Response>> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        TestGateway via = i % 2 == 0 ? first : second;
        calls.add(CompletableFuture.supplyAsync(
            () -> send(via.http(), "POST", apps(projectId), tenant.pat(), body, key), clients));
      }
      List<Response> answers = calls.stream().map(CompletableFuture::join).toList();
      clients.shutdown();

      assertThat(answers).extracting(Response::status).isSubsetOf(200, 409);
      List<Response> created = answers.stream().filter(r -> r.status() == 200).toList();
      assertThat(created).isNotEmpty();
      Set<String> secrets = new HashSet<>();
      created.forEach(r -> secrets.add(r.json().getString("clientSecret")));
      assertThat(secrets).hasSize(1);
      assertThat(created).extracting(Response::body).containsOnly(created.get(0).body());
      answers.stream().filter(r -> r.status() == 409).forEach(r -> {
        assertThat(r.json().getInteger("code")).isEqualTo(10);
        assertThat(r.json().getString("message")).contains("KEYGATE-idem409");
      });
      assertThat(appCount(first, tenant, projectId)).isEqualTo(1);

      Response retry = send(second.http(), "POST", apps(projectId), tenant.pat(), body, key);
      assertThat(retry.status()).isEqualTo(200);
      assertThat(retry.body()).isEqualTo(created.get(0).body());
      assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(retry.header("content-type")).isEqualTo("application/json");
      assertThat(appCount(second, tenant, projectId)).isEqualTo(1);
    }
  }

  @Test
  void aRetryAfterARestartReplaysTheSecret(KeygateStore database) {
    KeygateStore store = TestStore.outliving(database);
    String key = newKey();
    Tenants.Tenant tenant;
    String userId;
    Response first;
    try (TestGateway before = TestGateway.start(store, new JsonObject())) {
      tenant = before.tenants().create("restart");
      userId = before.tenants().machineUser(tenant, "robot");
      first = send(before.http(), "PUT", "/management/v1/users/" + userId + "/secret", tenant.pat(), new JsonObject(),
          key);
      assertThat(first.status()).as(first.toString()).isEqualTo(200);
      assertThat(first.header("Idempotent-Replayed")).isNull();
    }
    try (TestGateway after = TestGateway.start(store, new JsonObject())) {
      Response retry = send(after.http(), "PUT", "/management/v1/users/" + userId + "/secret", tenant.pat(),
          new JsonObject(), key);
      assertThat(retry.status()).isEqualTo(200);
      assertThat(retry.body()).isEqualTo(first.body());
      assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    }
  }

  @Test
  void theSameKeyWithAnotherBodyIsRefusedAndTheSameBodyInAnotherOrderIsNot() {
    try (TestGateway gateway = TestGateway.start()) {
      Tenants.Tenant tenant = gateway.tenants().create("bodies");
      String key = newKey();
      Response created = send(gateway.http(), "POST", "/management/v1/users/machine", tenant.pat(),
          new JsonObject().put("userName", "a").put("name", "A"), key);
      assertThat(created.status()).isEqualTo(200);

      Response reordered = send(gateway.http(), "POST", "/management/v1/users/machine", tenant.pat(),
          new JsonObject().put("name", "A").put("userName", "a"), key);
      assertThat(reordered.status()).isEqualTo(200);
      assertThat(reordered.body()).isEqualTo(created.body());

      Response other = send(gateway.http(), "POST", "/management/v1/users/machine", tenant.pat(),
          new JsonObject().put("userName", "b").put("name", "B"), key);
      assertThat(other.status()).isEqualTo(422);
      assertThat(other.json().getInteger("code")).isEqualTo(9);
      assertThat(other.json().getString("message")).isEqualTo("Errors.IdempotencyKey.Reused (KEYGATE-idem422)");

      Response otherPath = send(gateway.http(), "POST", PROJECTS, tenant.pat(),
          new JsonObject().put("userName", "a").put("name", "A"), key);
      assertThat(otherPath.status()).as("another operation with the same key").isEqualTo(422);
      assertThat(gateway.http().get("/management/v1/users/" + created.json().getString("userId"), tenant.pat())
          .status()).isEqualTo(200);
    }
  }

  @Test
  void keysBelongToTheirTenantAndPrincipal() {
    try (TestGateway gateway = TestGateway.start()) {
      Tenants.Tenant acme = gateway.tenants().create("acme");
      Tenants.Tenant globex = gateway.tenants().create("globex");
      String colleague = gateway.tenants().memberPat(acme, "colleague", "ORG_OWNER");
      String key = newKey();
      JsonObject body = new JsonObject().put("name", "shared");

      Response mine = send(gateway.http(), "POST", PROJECTS, acme.pat(), body, key);
      Response theirs = send(gateway.http(), "POST", PROJECTS, globex.pat(), body, key);
      Response colleagues = send(gateway.http(), "POST", PROJECTS, colleague, body, key);
      Response again = send(gateway.http(), "POST", PROJECTS, acme.pat(), body, key);

      assertThat(List.of(mine, theirs, colleagues, again)).extracting(Response::status).containsOnly(200);
      assertThat(theirs.header("Idempotent-Replayed")).isNull();
      assertThat(colleagues.header("Idempotent-Replayed")).isNull();
      assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
      Set<String> ids = new HashSet<>();
      List.of(mine, theirs, colleagues, again).forEach(r -> ids.add(r.json().getString("id")));
      assertThat(ids).as("one project each for acme's owner, globex's owner and acme's colleague").hasSize(3);
    }
  }

  @Test
  void aFailedCreateIsNotRememberedSoItsRetryRunsAgain() {
    try (TestGateway gateway = TestGateway.start()) {
      Tenants.Tenant tenant = gateway.tenants().create("failures");
      String projectId = gateway.tenants().project(tenant, "p");
      String taken = gateway.tenants().apiApp(tenant, projectId, "taken").getString("appId");
      String key = newKey();
      JsonObject body = new JsonObject().put("name", "taken");

      Response refused = send(gateway.http(), "POST", apps(projectId), tenant.pat(), body, key);
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.json().getInteger("code")).as("the name is taken, not the key").isEqualTo(6);

      assertThat(gateway.http().delete(apps(projectId).replace("/api", "/" + taken), tenant.pat()).status())
          .isEqualTo(200);
      Response retry = send(gateway.http(), "POST", apps(projectId), tenant.pat(), body, key);
      assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
      assertThat(retry.header("Idempotent-Replayed")).isNull();
    }
  }

  @Test
  void theStoreHoldsNeitherTheSecretNorTheKeyInReadableForm(KeygateStore database) {
    RecordingIdempotencyStore recorder = new RecordingIdempotencyStore(database);
    try (TestGateway gateway = TestGateway.start(recorder.wrapping(), new JsonObject())) {
      Tenants.Tenant tenant = gateway.tenants().create("sealed");
      String projectId = gateway.tenants().project(tenant, "p");
      String key = "key-" + newKey();
      Response created = send(gateway.http(), "POST", apps(projectId), tenant.pat(), new JsonObject().put("name", "x"),
          key);
      String secret = created.json().getString("clientSecret");
      assertThat(secret).hasSize(64);

      assertThat(recorder.claims).hasSize(1);
      IdempotencyRecord claimed = recorder.claims.get(0);
      Optional<IdempotencyRecord> stored = database.idempotency().idempotencyRecord(claimed.id()).toCompletionStage()
          .toCompletableFuture().join();
      assertThat(stored).isPresent();
      IdempotencyRecord row = stored.get();
      assertThat(row.answer()).isNotNull().isEqualTo(recorder.answers.get(0));
      String everything = row.id() + row.requestHash() + row.leaseId() + row.instanceId()
          + new String(row.answer(), StandardCharsets.ISO_8859_1);
      assertThat(everything).doesNotContain(secret).doesNotContain(key)
          .doesNotContain(created.json().getString("clientId"));
      assertThat(indexOf(row.answer(), secret.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);

      Response replay = send(gateway.http(), "POST", apps(projectId), tenant.pat(), new JsonObject().put("name", "x"),
          key);
      assertThat(replay.json().getString("clientSecret")).as("only the key opens it").isEqualTo(secret);
    }
  }

  @Test
  void withoutTheHeaderNothingIsRememberedAndCreatesBehaveAsBefore(KeygateStore database) {
    RecordingIdempotencyStore recorder = new RecordingIdempotencyStore(database);
    try (TestGateway gateway = TestGateway.start(recorder.wrapping(), new JsonObject())) {
      Tenants.Tenant tenant = gateway.tenants().create("plain");
      String projectId = gateway.tenants().project(tenant, "p");
      JsonObject first = gateway.tenants().apiApp(tenant, projectId, "one");
      JsonObject second = gateway.tenants().apiApp(tenant, projectId, "two");
      assertThat(first.getString("clientSecret")).isNotEqualTo(second.getString("clientSecret"));
      assertThat(gateway.http().post(apps(projectId), tenant.pat(), new JsonObject().put("name", "one")).status())
          .isEqualTo(409);
      assertThat(recorder.claims).isEmpty();
      assertThat(appCount(gateway, tenant, projectId)).isEqualTo(2);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
