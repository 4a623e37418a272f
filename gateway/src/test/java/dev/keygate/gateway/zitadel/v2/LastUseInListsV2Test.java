package dev.keygate.gateway.zitadel.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Jwts;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestClock;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.store.ComposedStore;
import dev.keygate.store.CredentialUsageStore;
import dev.keygate.store.CredentialUse;
import dev.keygate.store.KeygateStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Keygate's {@code lastUsedDate} on the items of v2's PAT and key lists: a credential used once shows that use after
 * the gateway's flush (an explicit one: the periodic flush is hourly here), one never used shows none, and a page
 * reads the last uses of all its items in one call.
 */
@EveryStore
class LastUseInListsV2Test {

  private static final String USERS = "zitadel.user.v2.UserService/";
  private static final String APPS = "zitadel.application.v2.ApplicationService/";
  private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final String EXPIRES = "2099-01-01T00:00:00Z";
  /** A periodic flush every hour, so that within a test only its explicit flushes write. */
  private static final JsonObject HOURLY = new JsonObject().put(KeygateConfig.LAST_USE_FLUSH_MS, 3_600_000);

  /** The store's last-use area, counting the reads of last uses. */
  private static final class CountingReads implements CredentialUsageStore {
    private final CredentialUsageStore store;
    private final AtomicInteger reads = new AtomicInteger();

    CountingReads(CredentialUsageStore store) {
      this.store = store;
    }

    @Override
    public Future<Void> recordLastUse(List<CredentialUse> uses) {
      return store.recordLastUse(uses);
    }

    @Override
    public Future<Map<String, Instant>> lastUses(String instanceId, Collection<String> credentialIds) {
      reads.incrementAndGet();
      return store.lastUses(instanceId, credentialIds);
    }
  }

  private final TestClock clock = new TestClock();

  @Test
  void aPatUsedOnceShowsItsLastUseAfterTheFlushAndAnUnusedOneNone(KeygateStore database) {
    CountingReads uses = new CountingReads(database.credentialUses());
    try (TestGateway gateway = TestGateway.start(withUses(database, uses), HOURLY, clock)) {
      Tenants.Tenant tenant = gateway.tenants().create("pat-last-use");
      Connect connect = new Connect(gateway.http());
      String userId = gateway.tenants().machineUser(tenant, "pat-user");
      Response member = gateway.http().post("/management/v1/orgs/me/members", tenant.pat(), new JsonObject()
          .put("userId", userId).put("roles", new JsonArray().add("ORG_USER_MANAGER")));
      assertThat(member.status()).as(member.toString()).isEqualTo(200);
      JsonObject used = connect.ok(USERS + "AddPersonalAccessToken", tenant.pat(), new JsonObject()
          .put("userId", userId).put("expirationDate", EXPIRES));
      String unusedId = connect.ok(USERS + "AddPersonalAccessToken", tenant.pat(), new JsonObject()
          .put("userId", userId).put("expirationDate", EXPIRES)).getString("tokenId");
      Instant usedAt = clock.instant();
      Response use = gateway.http().get("/management/v1/users/" + userId, used.getString("token"));
      assertThat(use.status()).as("the PAT's one use: %s", use).isEqualTo(200);

      Map<String, JsonObject> before = byId(listed(connect, tenant, "ListPersonalAccessTokens", userId));
      assertThat(before).hasSize(2);
      assertThat(before.values()).as("not flushed yet: nothing written on the request path")
          .noneMatch(pat -> pat.containsKey("lastUsedDate"));

      gateway.flushLastUses();
      int reads = uses.reads.get();
      Map<String, JsonObject> after = byId(listed(connect, tenant, "ListPersonalAccessTokens", userId));
      assertThat(uses.reads.get()).as("one read of last uses for the page of two").isEqualTo(reads + 1);
      assertThat(lastUse(after.get(used.getString("tokenId")))).isEqualTo(usedAt);
      assertThat(after.get(unusedId).containsKey("lastUsedDate")).as("never used: %s", after.get(unusedId))
          .isFalse();
    }
  }

  @Test
  void aMachineKeyThatSignedAGrantShowsItsLastUseAndAnUnusedOneNone(KeygateStore database) {
    try (TestGateway gateway = TestGateway.start(withUses(database, database.credentialUses()), HOURLY, clock)) {
      Tenants.Tenant tenant = gateway.tenants().create("key-last-use");
      Connect connect = new Connect(gateway.http());
      String userId = gateway.tenants().machineUser(tenant, "key-user");
      JsonObject usedKey = keyFile(connect.ok(USERS + "AddKey", tenant.pat(), new JsonObject().put("userId", userId)
          .put("expirationDate", EXPIRES)).getString("keyContent"));
      String unusedId = connect.ok(USERS + "AddKey", tenant.pat(), new JsonObject().put("userId", userId)
          .put("expirationDate", EXPIRES)).getString("keyId");
      Instant usedAt = clock.instant();
      Response grant = gateway.http().form("/oauth/v2/token", Map.of(), Map.of("grant_type", JWT_BEARER,
          "assertion", assertion(usedKey, userId, gateway.http()), "scope", "openid"));
      assertThat(grant.status()).as(grant.toString()).isEqualTo(200);

      gateway.flushLastUses();
      Map<String, JsonObject> keys = byId(listed(connect, tenant, "ListKeys", userId));
      assertThat(keys).hasSize(2);
      assertThat(lastUse(keys.get(usedKey.getString("keyId")))).isEqualTo(usedAt);
      assertThat(keys.get(unusedId).containsKey("lastUsedDate")).as("never used: %s", keys.get(unusedId)).isFalse();
    }
  }

  @Test
  void anAppKeyThatAuthenticatedAnIntrospectionShowsItsLastUseAndAnUnusedOneNone(KeygateStore database) {
    try (TestGateway gateway = TestGateway.start(withUses(database, database.credentialUses()), HOURLY, clock)) {
      Tenants.Tenant tenant = gateway.tenants().create("app-key-last-use");
      Connect connect = new Connect(gateway.http());
      String projectId = gateway.tenants().project(tenant, "signed");
      String appId = connect.ok(APPS + "CreateApplication", tenant.pat(), new JsonObject().put("projectId", projectId)
          .put("name", "signer").put("apiConfiguration", new JsonObject()
              .put("authMethodType", "API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT"))).getString("applicationId");
      JsonObject newKey = new JsonObject().put("projectId", projectId).put("applicationId", appId)
          .put("expirationDate", EXPIRES);
      JsonObject usedKey = keyFile(connect.ok(APPS + "CreateApplicationKey", tenant.pat(), newKey)
          .getString("keyDetails"));
      String unusedId = connect.ok(APPS + "CreateApplicationKey", tenant.pat(), newKey).getString("keyId");
      Instant usedAt = clock.instant();
      Response introspection = gateway.http().form("/oauth/v2/introspect", Map.of(), Map.of("client_assertion_type",
          ASSERTION_TYPE, "client_assertion", assertion(usedKey, usedKey.getString("clientId"), gateway.http()),
          "token", "not-a-token"));
      assertThat(introspection.status()).as("the key authenticated the app: %s", introspection).isEqualTo(200);

      gateway.flushLastUses();
      JsonObject page = connect.ok(APPS + "ListApplicationKeys", tenant.pat(), new JsonObject().put("filters",
          new JsonArray().add(new JsonObject().put("applicationIdFilter", new JsonObject()
              .put("applicationId", appId)))));
      Map<String, JsonObject> keys = new HashMap<>();
      page.getJsonArray("keys").forEach(key -> keys.put(((JsonObject) key).getString("keyId"), (JsonObject) key));
      assertThat(keys).hasSize(2);
      assertThat(lastUse(keys.get(usedKey.getString("keyId")))).isEqualTo(usedAt);
      assertThat(keys.get(unusedId).containsKey("lastUsedDate")).as("never used: %s", keys.get(unusedId)).isFalse();
    }
  }

  /** The store with its last-use area replaced by {@code uses}; closing it leaves the database open. */
  private static KeygateStore withUses(KeygateStore database, CredentialUsageStore uses) {
    return ComposedStore.of(database).withCredentialUses(uses).withCloser(Future::succeededFuture);
  }

  private static JsonArray listed(Connect connect, Tenants.Tenant tenant, String method, String userId) {
    return connect.ok(USERS + method, tenant.pat(), new JsonObject().put("filters", new JsonArray()
        .add(new JsonObject().put("userIdFilter", new JsonObject().put("id", userId)))))
        .getJsonArray("result", new JsonArray());
  }

  private static Map<String, JsonObject> byId(JsonArray items) {
    Map<String, JsonObject> byId = new HashMap<>();
    items.forEach(item -> byId.put(((JsonObject) item).getString("id"), (JsonObject) item));
    return byId;
  }

  /** The item's {@code lastUsedDate}, which it must have. */
  private static Instant lastUse(JsonObject item) {
    assertThat(item.containsKey("lastUsedDate")).as("a use shown after the flush: %s", item).isTrue();
    return Instant.parse(item.getString("lastUsedDate"));
  }

  private static JsonObject keyFile(String base64) {
    return new JsonObject(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
  }

  /** An assertion signed with the key file's key, iss = sub = {@code subject}, timed by the gateway's clock. */
  private String assertion(JsonObject keyFile, String subject, Http http) {
    long now = clock.instant().getEpochSecond();
    return Jwts.rs256(keyFile.getString("keyId"), new JsonObject().put("iss", subject).put("sub", subject)
        .put("aud", http.base()).put("iat", now).put("exp", now + 300), keyFile.getString("key"));
  }
}
