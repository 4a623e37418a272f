package dev.keygate.gateway.testing;

import dev.keygate.gateway.Keygate;
import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.KeygateTestHooks;
import dev.keygate.gateway.ops.MetricsVertx;
import dev.keygate.store.KeygateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A real Keygate on a free port, with a known system token and fast password hashing. Unless the test says otherwise,
 * its store is a store of its own of the kind of this run ({@link TestStore}): a new memory store, or a fresh schema on
 * the embedded PostgreSQL server, chosen through the same configuration keys a user sets. Unless the test hands it a
 * clock (a {@link TestClock} it moves), it reads the system's.
 */
public final class TestGateway implements AutoCloseable {

  public static final String SYSTEM_TOKEN = "test-system-token-0123456789";
  /** The master key of every test gateway (32 bytes of 0x2a, base64): gateways sharing a store must agree on it. */
  public static final String MASTER_KEY = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=";

  private final Vertx vertx;
  private final Keygate keygate;
  private final Http http;

  private TestGateway(Vertx vertx, Keygate keygate) {
    this.vertx = vertx;
    this.keygate = keygate;
    this.http = new Http(keygate.port());
  }

  public static TestGateway start() {
    return start(new JsonObject());
  }

  /** On a store of its own, of the kind this test run uses. */
  public static TestGateway start(JsonObject overrides) {
    return start(overrides, Clock.systemUTC());
  }

  /** On a store of its own, of the kind this test run uses, reading the time from {@code clock}. */
  public static TestGateway start(JsonObject overrides, Clock clock) {
    return start(null, TestStore.configuration().mergeIn(overrides), clock);
  }

  /** On this store ({@code null}: the one the configuration names). */
  public static TestGateway start(KeygateStore store, JsonObject overrides) {
    return start(store, overrides, Clock.systemUTC());
  }

  /** On this store ({@code null}: the one the configuration names), reading the time from {@code clock}. */
  public static TestGateway start(KeygateStore store, JsonObject overrides, Clock clock) {
    JsonObject values = KeygateConfig.defaults()
        .put(KeygateConfig.HTTP_PORT, 0)
        .put(KeygateConfig.HTTP_HOST, "127.0.0.1")
        .put(KeygateConfig.MANAGEMENT_PORT, 0)
        .put(KeygateConfig.MANAGEMENT_HOST, "127.0.0.1")
        .put(KeygateConfig.SYSTEM_TOKEN, SYSTEM_TOKEN)
        .put(KeygateConfig.MASTER_KEY, MASTER_KEY)
        // a system user beside the static token, as an operator on PostgreSQL is told to configure (the start's WARN
        // about the static token alone is the test of SystemApiWarningTest, not a line for every gateway of the suite)
        .put(KeygateConfig.SYSTEM_USERS, SystemUserKey.SETTING)
        .put(KeygateConfig.VERTICLE_INSTANCES, 2)
        .put(KeygateConfig.PASSWORD_HASH_COST, 4)
        .mergeIn(overrides);
    KeygateConfig config = new KeygateConfig(values);
    // made as Main makes it, so that the Vert.x pools report to the metrics this gateway serves
    Vertx vertx = MetricsVertx.create(!"off".equals(config.string(KeygateConfig.METRICS)));
    Future<KeygateStore> opened = store == null ? TestStore.open(vertx, config) : Future.succeededFuture(store);
    Keygate keygate = await(opened.compose(ready -> Keygate.start(vertx, config, ready, clock)));
    return new TestGateway(vertx, keygate);
  }

  public Http http() {
    return http;
  }

  public Tenants tenants() {
    return new Tenants(http);
  }

  public int port() {
    return keygate.port();
  }

  /** The management port (metrics and health), a free one. */
  public int managementPort() {
    return keygate.managementPort();
  }

  /** A client of the management port. */
  public Http management() {
    return new Http(keygate.managementPort());
  }

  /**
   * Writes the last uses this gateway has queued, now rather than at its next periodic flush, so that a test can count
   * what was written, and what was not, without waiting for a timer.
   */
  public void flushLastUses() {
    await(KeygateTestHooks.flushLastUses(keygate));
  }

  @Override
  public void close() {
    await(keygate.stop());
    await(vertx.close());
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key of the suite's default system user, made once per JVM (its private half is never used). */
  private static final class SystemUserKey {
    static final String SETTING = setting();

    private static String setting() {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
            generator.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        return new JsonObject().put("test-system-user", new JsonObject().put("keyData",
            Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)))).encode();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
