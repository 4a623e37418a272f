package dev.keygate.junit;

import dev.keygate.gateway.Keygate;
import dev.keygate.gateway.KeygateConfig;
import dev.keygate.gateway.ops.MetricsVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Keygate running in the test's JVM ({@link KeygateExtension}), on a memory store of its own that starts empty and
 * is gone when the server stops. Its choices, each of which a setting of {@link KeygateTest#settings()} overrides:
 * <ul>
 *   <li>the main and the management port listen on 127.0.0.1, each at a free port ({@code KEYGATE_HTTP_PORT} and
 *   {@code KEYGATE_MANAGEMENT_PORT} 0);</li>
 *   <li>the system token is a random one of this server ({@link #systemToken()}), never logged;</li>
 *   <li>two verticle instances, not one per core: the test's own code shares the cores;</li>
 *   <li>human passwords are hashed with bcrypt's lowest cost, 4, instead of 10, so that creating and logging in
 *   people takes a millisecond rather than tens.</li>
 * </ul>
 * The start-up warm-up ({@code KEYGATE_WARMUP}) never runs here: the tests' own requests warm the JIT.
 *
 * <p>Tenants are created through Keygate's public system API over HTTP, as a user would ({@link #newTenant}).
 */
public final class KeygateServer {

  /**
   * An instance (tenant) with a machine owner (IAM_OWNER and ORG_OWNER) and the owner's personal access token
   * ({@code pat}), which the management, v2 and Droplit APIs take as a bearer token. {@code domain} is the instance's
   * generated domain, which Oracle Commerce's login needs as the {@code Host} header. {@link #toString()} leaves the
   * token out.
   */
  public record Tenant(String instanceId, String orgId, String pat, String domain) {
    @Override
    public String toString() {
      return "Tenant[instanceId=" + instanceId + ", orgId=" + orgId + ", domain=" + domain + "]";
    }
  }

  private static final long START_TIMEOUT_MS = 60_000;
  /** How much longer than {@code KEYGATE_SHUTDOWN_TIMEOUT_MS} a stop may take before the test run is told. */
  private static final long STOP_MARGIN_MS = 5_000;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final Keygate keygate;
  private final KeygateConfig config;
  private final HttpClient http;
  private final String host;
  private Tenant defaultTenant;
  private boolean stopped;

  private KeygateServer(Vertx vertx, Keygate keygate, KeygateConfig config) {
    this.vertx = vertx;
    this.keygate = keygate;
    this.config = config;
    this.host = reachable(config.string(KeygateConfig.HTTP_HOST));
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** Starts a server with these {@code KEY=value} settings over the extension's choices, and waits until it listens. */
  static KeygateServer start(String... settings) {
    KeygateConfig config = configuration(settings);
    // made as Main makes it, so that with metrics on the Vert.x pools report to the registry /metrics serves
    Vertx vertx = MetricsVertx.create(!"off".equals(config.string(KeygateConfig.METRICS).trim()));
    try {
      // the start without a step before listening: Main alone passes KEYGATE_WARMUP's warm-up there
      Keygate keygate = await(Keygate.start(vertx, config), START_TIMEOUT_MS, "start");
      return new KeygateServer(vertx, keygate, config);
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  /** The extension's choices, then {@code settings}, read as Keygate reads its configuration file. */
  static KeygateConfig configuration(String... settings) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(KeygateConfig.HTTP_HOST, "127.0.0.1");
    values.put(KeygateConfig.HTTP_PORT, 0);
    values.put(KeygateConfig.MANAGEMENT_HOST, "127.0.0.1");
    values.put(KeygateConfig.MANAGEMENT_PORT, 0);
    values.put(KeygateConfig.SYSTEM_TOKEN, randomToken());
    values.put(KeygateConfig.VERTICLE_INSTANCES, 2);
    values.put(KeygateConfig.PASSWORD_HASH_COST, 4);
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 0; i < settings.length; i++) {
      int eq = settings[i].indexOf('=');
      // the entry is not repeated in the message: it may be a secret that lost its key
      if (eq <= 0) {
        throw new IllegalArgumentException("@KeygateTest settings are KEY=value; entry " + (i + 1) + " is not");
      }
      String key = settings[i].substring(0, eq).trim();
      if (given.put(key, settings[i].substring(eq + 1)) != null) {
        throw new IllegalArgumentException("@KeygateTest settings give " + key + " twice");
      }
    }
    if (given.containsKey("KEYGATE_WARMUP")) {
      throw new IllegalArgumentException("KEYGATE_WARMUP does not apply to a Keygate started by keygate-junit, "
          + "which never runs the warm-up: the tests' own requests warm the JIT");
    }
    values.putAll(given);
    KeygateConfig config = KeygateConfig.of(values);
    String store = config.string(KeygateConfig.STORE).trim();
    if (!store.equals("memory")) {
      throw new IllegalArgumentException("keygate-junit starts Keygate on the memory store only, was '" + store + "'");
    }
    return config;
  }

  private static String randomToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The address to call a server bound to {@code bound} at: a wildcard address is called on the loopback one. */
  private static String reachable(String bound) {
    String address = bound.trim();
    if (address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]")) {
      return "127.0.0.1";
    }
    return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
  }

  /** The main port's address, e.g. {@code http://127.0.0.1:41235}, without a trailing slash. */
  public String baseUrl() {
    return keygate.scheme() + "://" + host + ":" + port();
  }

  /** The main port: every API surface, OAuth, the docs and {@code /healthz}. */
  public int port() {
    return keygate.port();
  }

  /** The management port's address (metrics at {@code /metrics}, {@code /health/ready} and the other checks). */
  public String managementUrl() {
    return keygate.managementScheme() + "://" + reachable(config.string(KeygateConfig.MANAGEMENT_HOST)) + ":"
        + managementPort();
  }

  public int managementPort() {
    return keygate.managementPort();
  }

  /** The system API's bearer token: a random one of this server, unless the settings gave one. */
  public String systemToken() {
    return keygate.systemToken();
  }

  /**
   * A new instance (tenant) named {@code name} with a machine owner (user name {@code owner}) and its personal access
   * token, created with {@code POST /system/v1/instances/_create} and read back with
   * {@code GET /system/v1/instances/{id}}, as a user of the system API does. Names need not be unique: each instance
   * gets a generated domain of its own.
   *
   * @throws IllegalStateException when Keygate does not answer 200 (the message has its answer, which holds no secret)
   */
  public Tenant newTenant(String name) {
    JsonObject created = call("POST", "/system/v1/instances/_create", new JsonObject()
        .put("instanceName", name)
        .put("machine", new JsonObject().put("userName", "owner").put("name", "Owner")
            .put("personalAccessToken", new JsonObject())), "create the tenant '" + name + "'");
    String instanceId = created.getString("instanceId");
    JsonObject instance = call("GET", "/system/v1/instances/" + instanceId, null, "read the tenant " + instanceId);
    String domain = instance.getJsonObject("instance").getJsonArray("domains").getJsonObject(0).getString("domain");
    return new Tenant(instanceId, created.getJsonObject("details").getString("resourceOwner"),
        created.getString("pat"), domain);
  }

  /** A tenant named {@code default}, created on the first call and the same one on every later call. */
  public synchronized Tenant defaultTenant() {
    if (defaultTenant == null) {
      defaultTenant = newTenant("default");
    }
    return defaultTenant;
  }

  private JsonObject call(String method, String path, JsonObject body, String what) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(REQUEST_TIMEOUT)
        .header("authorization", "Bearer " + systemToken())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      request.header("content-type", "application/json");
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("Keygate did not " + what + ": " + method + " " + path + " answered "
            + response.statusCode() + " " + response.body());
      }
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("Keygate did not " + what + ": " + method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to " + what, e);
    }
  }

  /**
   * Stops the server gracefully (requests in flight finish), then its Vert.x; once more does nothing. Called by the
   * extension when the class has ended.
   */
  synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    long bound = config.integer(KeygateConfig.SHUTDOWN_TIMEOUT_MS) + STOP_MARGIN_MS;
    try {
      await(keygate.stop(), bound, "stop");
    } finally {
      await(vertx.close(), bound, "close its Vert.x");
    }
  }

  private static <T> T await(Future<T> future, long timeoutMs, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException("Keygate did not " + what + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Keygate did not " + what + " within " + timeoutMs + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Keygate to " + what, e);
    }
  }

  /** The addresses only: never the system token. */
  @Override
  public String toString() {
    return "KeygateServer[" + baseUrl() + ", management " + managementUrl() + "]";
  }
}
