package dev.keygate.testcontainers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Keygate in a container, for the tests of systems that use it: the image of {@code container/Containerfile} on the
 * memory store (the default) or on PostgreSQL ({@link #withPostgres(String)}), ready when the management port's
 * {@code /health/ready} answers 200.
 *
 * <pre>{@code
 * try (KeygateContainer keygate = new KeygateContainer()) {
 *   keygate.start();
 *   KeygateContainer.Tenant acme = keygate.createInstance("Acme");
 *   // acme.pat() is the owner's personal access token for keygate.getBaseUrl() + "/management/v1/..."
 * }
 * }</pre>
 *
 * <p>Every container gets a system token of its own ({@link #getSystemToken()}); any other setting is a
 * {@code KEYGATE_*} variable ({@link #withSetting(String, String)}, README's "Configuration"). The main port (8080)
 * and the management port (9000) serve plain HTTP; with TLS settings, build the URLs yourself. A stop first asks
 * Keygate to stop (SIGTERM, it finishes the requests it is answering) before Testcontainers removes the container.
 */
public class KeygateContainer extends GenericContainer<KeygateContainer> {

  /** The version of this module, the tag of {@link #DEFAULT_IMAGE}. */
  public static final String VERSION = version();
  /**
   * The image a {@code new KeygateContainer()} runs: {@code localhost/keygate:<version>}, which a build of Keygate's
   * {@code container/Containerfile} tagged so puts in the local image store (podman and Docker alike look it up there,
   * never in a registry).
   */
  public static final String DEFAULT_IMAGE = "localhost/keygate:" + VERSION;
  /** The port of the APIs (ZITADEL, Oracle Commerce, Droplit, OAuth) inside the container. */
  public static final int HTTP_PORT = 8080;
  /** The management port inside the container: {@code /health/*} and {@code /metrics}. */
  public static final int MANAGEMENT_PORT = 9000;

  private static final String SETTING_PREFIX = "KEYGATE_";
  /** The settings that would move Keygate off the ports this class exposes and waits on. */
  private static final Set<String> FIXED = Set.of("KEYGATE_HTTP_PORT", "KEYGATE_MANAGEMENT_PORT",
      "KEYGATE_HTTP_HOST", "KEYGATE_MANAGEMENT_HOST");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  /** Longer than Keygate's own shutdown timeout (KEYGATE_SHUTDOWN_TIMEOUT_MS, 10 s by default). */
  private static final int STOP_TIMEOUT_SECONDS = 30;

  /**
   * An instance (tenant) created through the system API: its id, the id of its organization, the personal access
   * token of its owner (a machine user with the IAM_OWNER role, shown only once) and its generated domain.
   */
  public record Tenant(String instanceId, String orgId, String pat, String domain) {}

  private String systemToken;
  private String masterKey;

  /** Keygate from {@link #DEFAULT_IMAGE}. */
  public KeygateContainer() {
    this(DockerImageName.parse(DEFAULT_IMAGE));
  }

  /** Keygate from another image of {@code container/Containerfile}, e.g. one in your registry. */
  public KeygateContainer(String image) {
    this(DockerImageName.parse(image));
  }

  /** Keygate from another image of {@code container/Containerfile}, e.g. one in your registry. */
  public KeygateContainer(DockerImageName image) {
    super(image);
    withExposedPorts(HTTP_PORT, MANAGEMENT_PORT);
    withSystemToken(randomBase64Url(32));
    waitingFor(Wait.forHttp("/health/ready").forPort(MANAGEMENT_PORT).forStatusCode(200)
        .withStartupTimeout(Duration.ofMinutes(2)));
  }

  /**
   * Any of Keygate's settings, by its environment variable ({@code KEYGATE_ACCESS_LOG}, {@code json}); README's
   * "Configuration" lists them. The ports and listening addresses are fixed (map them with {@link #getMappedPort}).
   */
  public KeygateContainer withSetting(String key, String value) {
    if (key == null || !key.startsWith(SETTING_PREFIX) || key.length() == SETTING_PREFIX.length()) {
      throw new IllegalArgumentException("not a Keygate setting: " + key + " (they are named KEYGATE_*)");
    }
    if (FIXED.contains(key)) {
      throw new IllegalArgumentException(key + " is fixed in a KeygateContainer: it listens on " + HTTP_PORT
          + " and " + MANAGEMENT_PORT + " inside the container; getMappedPort gives the host's ports");
    }
    if (value == null) {
      throw new IllegalArgumentException(key + " needs a value");
    }
    if (key.equals("KEYGATE_SYSTEM_TOKEN")) {
      systemToken = value;
    } else if (key.equals("KEYGATE_MASTER_KEY")) {
      masterKey = value;
    }
    return withEnv(key, value);
  }

  /** The bearer token of the system API ({@code KEYGATE_SYSTEM_TOKEN}); a random one is set by default. */
  public KeygateContainer withSystemToken(String token) {
    return withSetting("KEYGATE_SYSTEM_TOKEN", token);
  }

  /**
   * The master key ({@code KEYGATE_MASTER_KEY}, base64 of 32 bytes) that seals the server keys in the store.
   * Containers that share a PostgreSQL database, one after the other or side by side, need the same one.
   */
  public KeygateContainer withMasterKey(String base64) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a master key is base64 of 32 bytes: " + e.getMessage());
    }
    if (key.length != 32) {
      throw new IllegalArgumentException("a master key is base64 of 32 bytes, not " + key.length);
    }
    return withSetting("KEYGATE_MASTER_KEY", base64);
  }

  /**
   * Keygate on PostgreSQL ({@code KEYGATE_STORE=postgres}) at this URI,
   * {@code postgresql://user:password@host:port/database}, as seen from inside the container (on a shared
   * {@link org.testcontainers.containers.Network}: the database's network alias and its port inside its own
   * container). A random master key is set unless one was given ({@link #withMasterKey}, {@link #getMasterKey}).
   * Keygate applies its migrations at start; the database user needs the right to create tables.
   */
  public KeygateContainer withPostgres(String uri) {
    withSetting("KEYGATE_STORE", "postgres");
    withSetting("KEYGATE_PG_URI", uri);
    if (masterKey == null) {
      withMasterKey(Base64.getEncoder().encodeToString(randomBytes(32)));
    }
    return self();
  }

  /**
   * Keygate on PostgreSQL by the parts of its URI, e.g. those of Testcontainers' {@code PostgreSQLContainer} on a
   * shared network: {@code withPostgres("postgres", 5432, pg.getDatabaseName(), pg.getUsername(), pg.getPassword())}.
   */
  public KeygateContainer withPostgres(String host, int port, String database, String user, String password) {
    return withPostgres("postgresql://" + encode(user) + ":" + encode(password) + "@" + host + ":" + port + "/"
        + encode(database));
  }

  /** The system API's bearer token. */
  public String getSystemToken() {
    return systemToken;
  }

  /** The master key given or generated for PostgreSQL, or null (the memory store makes its own). */
  public String getMasterKey() {
    return masterKey;
  }

  /** The main port's URL from the test's side, e.g. {@code http://127.0.0.1:32771}. */
  public String getBaseUrl() {
    return "http://" + getHost() + ":" + getMappedPort(HTTP_PORT);
  }

  /** The management port's URL from the test's side ({@code /health/ready}, {@code /metrics}). */
  public String getManagementUrl() {
    return "http://" + getHost() + ":" + getMappedPort(MANAGEMENT_PORT);
  }

  /**
   * A new instance (tenant) through the system API, as README's first step does with curl: its owner is a machine
   * user named {@code admin} with a personal access token, returned with the instance's ids and domain.
   */
  public Tenant createInstance(String name) {
    String body = "{\"instanceName\":" + Json.quote(name) + ",\"machine\":{\"userName\":\"admin\",\"name\":"
        + Json.quote(name + " Admin") + ",\"personalAccessToken\":{}}}";
    Map<String, Object> created = Json.object(call("POST", "/system/v1/instances/_create", body));
    String instanceId = Json.string(created, "instanceId");
    Map<String, Object> instance = Json.object(call("GET", "/system/v1/instances/" + instanceId, null), "instance");
    String domain = null;
    if (instance.get("domains") instanceof List<?> domains) {
      for (Object entry : domains) {
        if (entry instanceof Map<?, ?> item && item.get("domain") instanceof String value
            && (domain == null || Boolean.TRUE.equals(item.get("primary")))) {
          domain = value;
        }
      }
    }
    return new Tenant(instanceId, Json.string(Json.object(created, "details"), "resourceOwner"),
        Json.string(created, "pat"), domain);
  }

  /** A stop through Keygate's own shutdown (SIGTERM, then the requests it is answering finish) before the kill. */
  @Override
  protected void containerIsStopping(InspectContainerResponse containerInfo) {
    if (containerInfo.getState() != null && Boolean.TRUE.equals(containerInfo.getState().getRunning())) {
      try {
        getDockerClient().stopContainerCmd(containerInfo.getId()).withTimeout(STOP_TIMEOUT_SECONDS).exec();
      } catch (RuntimeException e) {
        logger().warn("Keygate did not stop by itself ({}); the container is killed", e.getMessage());
      }
    }
    super.containerIsStopping(containerInfo);
  }

  private Object call(String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(getBaseUrl() + path))
        .timeout(Duration.ofSeconds(30)).header("authorization", "Bearer " + systemToken)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("content-type", "application/json");
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
            + response.body());
      }
      return Json.parse(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + path + " interrupted", e);
    }
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String randomBase64Url(int count) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(count));
  }

  private static String version() {
    Properties properties = new Properties();
    try (InputStream in = KeygateContainer.class.getResourceAsStream("keygate-testcontainers.properties")) {
      if (in == null) {
        throw new IllegalStateException("keygate-testcontainers.properties is missing from the jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }
}
