package dev.keygate.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-exercise before Keygate answers ({@code KEYGATE_WARMUP}): right after a cold start the JVM interprets
 * Keygate's code, and a create-API-app load ran at a twentieth of its warmed rate in the first second, reaching it
 * only after about ten. So before the main port listens, a throwaway Keygate, on a memory store and a Vert.x of its
 * own, listening on 127.0.0.1 at a free port, with a random system token, is driven for a few seconds with the
 * requests that are hot under load (create API app over REST, gRPC-Web and Connect, read it, token grant,
 * introspection), then stopped: the JIT compiles the code the real gateway then runs. Nothing of it outlives it: its
 * store, server keys, tokens, metrics registry, threads and port go with it, the user's store is never opened by it
 * (on PostgreSQL nothing is written to the database), its tokens are never logged, and its requests are not in the
 * real gateway's metrics or access log. It never fails the start: a warm-up that goes wrong is one WARN line.
 *
 * <p>{@code KEYGATE_WARMUP} (environment, or {@code -DKEYGATE_WARMUP=}): {@code on} (default: {@link #DEFAULT_MS}),
 * {@code off}, or how many milliseconds it lasts.
 */
final class Warmup {

  /** The setting's name; read from the environment or a system property (bin/keygate's header documents it). */
  static final String SETTING = "KEYGATE_WARMUP";
  /** How long {@code on} lasts (bench/warmup.sh measured what this buys). */
  static final int DEFAULT_MS = 3_000;
  /** Requests in flight at once, each on a connection of its own, as the benchmark's wrk keeps 64. */
  static final int CONCURRENCY = 32;

  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  /**
   * What a warm-up did: requests answered as expected, the others, how long it took in all, and the first unexpected
   * answer (which request, which status; never a body), or null.
   */
  record Report(long requests, long unexpected, long millis, String firstUnexpected) {
    static final Report SKIPPED = new Report(0, 0, 0, null);
  }

  private final HttpClientAgent client;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong unexpected = new AtomicLong();
  /** The first unexpected answer, for the WARN line: which request, which status (never a body). */
  private volatile String firstUnexpected;
  private final AtomicLong names = new AtomicLong();

  private Warmup(Vertx vertx, int port) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CONCURRENCY));
  }

  /**
   * The training run of the build ({@code gateway/pom.xml}): the warm-up alone, with the default settings, for
   * {@code args[0]} milliseconds (default {@link #DEFAULT_MS}), in a JVM that writes what it loaded to a class-data
   * archive (JDK 17's AppCDS) or an AOT cache (JDK 25) at its exit, which bin/keygate then starts with. A request
   * with an unexpected answer is a WARN line; it does not fail the build (WarmupTest does).
   */
  public static void main(String[] args) {
    Vertx caller = Vertx.vertx();
    Vertx own = Vertx.vertx();
    KeygateConfig config = new KeygateConfig(KeygateConfig.defaults());
    run(caller, own, config, args.length > 0 ? millis(args[0]) : DEFAULT_MS).toCompletionStage().toCompletableFuture()
        .join();
    caller.close().toCompletionStage().toCompletableFuture().join();
    System.exit(0);
  }

  /**
   * How long the warm-up lasts, in milliseconds, for a value of {@code KEYGATE_WARMUP} ({@code null}: not set); 0
   * for {@code off}. Fails on anything else, naming the setting, as a misspelt setting fails the start.
   */
  static int millis(String value) {
    String v = value == null ? "" : value.trim();
    if (v.isEmpty() || v.equals("on")) {
      return DEFAULT_MS;
    }
    if (v.equals("off")) {
      return 0;
    }
    try {
      int ms = Integer.parseInt(v);
      if (ms >= 0 && ms <= 60_000) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    throw new IllegalArgumentException(SETTING + " must be on, off or a number of milliseconds up to 60000, was '"
        + value + "'");
  }

  /** The setting as this process has it: a system property wins over the environment, as in {@link KeygateConfig}. */
  static String setting() {
    return System.getProperty(SETTING, System.getenv(SETTING));
  }

  /**
   * The step {@link Keygate#start} runs before the main port listens, as {@code KEYGATE_WARMUP} says: nothing for
   * {@code off}; a start that fails naming the setting for a value it does not take. Called off any Vert.x context,
   * where the throwaway's own Vert.x is made (Vert.x warns when one is made on an event loop).
   */
  static Supplier<Future<?>> before(Vertx caller, KeygateConfig config) {
    int millis;
    try {
      millis = millis(setting());
    } catch (IllegalArgumentException e) {
      return () -> Future.failedFuture(e);
    }
    if (millis == 0) {
      return () -> Future.succeededFuture(Report.SKIPPED);
    }
    Vertx own = Vertx.vertx();
    return () -> run(caller, own, config, millis);
  }

  /**
   * Runs a warm-up of {@code millis} of requests on {@code own} (closed at its end) with the code paths
   * {@code config} chooses (event loops, metrics, crypto, body limit), and completes on {@code caller}'s context,
   * never failed.
   */
  static Future<Report> run(Vertx caller, Vertx own, KeygateConfig config, int millis) {
    long started = System.nanoTime();
    LOG.info("Warm-up: a throwaway Keygate on a memory store of its own gets the hot requests for {} ms ({}=off "
        + "skips it)", millis, SETTING);
    Promise<Report> done = Promise.promise();
    Future<Report> exercised = Keygate.start(own, throwaway(config)).compose(keygate -> {
      Warmup warmup = new Warmup(own, keygate.port());
      return warmup.exercise(keygate.systemToken(), millis)
          .eventually(() -> warmup.client.close())
          .eventually(keygate::stop)
          .map(v -> warmup.report(started));
    });
    exercised.eventually(own::close).onComplete(result -> caller.runOnContext(v -> {
      if (result.failed()) {
        LOG.warn("Warm-up: failed, the start goes on without it: {}", result.cause().getMessage());
        done.complete(new Report(0, 0, (System.nanoTime() - started) / 1_000_000, null));
        return;
      }
      Report report = result.result();
      if (report.unexpected() > 0) {
        LOG.warn("Warm-up: {} of {} requests got an unexpected answer, the first {}", report.unexpected(),
            report.requests() + report.unexpected(), report.firstUnexpected());
      }
      LOG.info("Warm-up: {} requests in {} ms, the throwaway's start included", report.requests(), report.millis());
      done.complete(report);
    }));
    return done.future();
  }

  private Report report(long started) {

    return new Report(requests.get(), unexpected.get(), (System.nanoTime() - started) / 1_000_000, firstUnexpected);
  }

  /**
   * The throwaway's configuration: the defaults, on 127.0.0.1 at free ports, with the settings that choose code
   * paths taken from the real one. Nothing else of it (store, database, keys, system users, TLS files) is copied.
   */
  static KeygateConfig throwaway(KeygateConfig config) {
    byte[] token = new byte[32];
    new SecureRandom().nextBytes(token);
    JsonObject values = KeygateConfig.defaults()
        .put(KeygateConfig.STORE, "memory")
        .put(KeygateConfig.HTTP_HOST, "127.0.0.1").put(KeygateConfig.HTTP_PORT, 0)
        .put(KeygateConfig.MANAGEMENT_HOST, "127.0.0.1").put(KeygateConfig.MANAGEMENT_PORT, 0)
        .put(KeygateConfig.SYSTEM_TOKEN, Base64.getUrlEncoder().withoutPadding().encodeToString(token))
        .put(KeygateConfig.ACCESS_LOG, "off");
    for (String key : List.of(KeygateConfig.VERTICLE_INSTANCES, KeygateConfig.BODY_LIMIT, KeygateConfig.CRYPTO,
        KeygateConfig.METRICS)) {
      values.put(key, config.string(key));
    }
    return new KeygateConfig(values);
  }

  /** A tenant like the benchmark's, then {@link #CONCURRENCY} loops of the request mix for {@code millis}. */
  private Future<Void> exercise(String systemToken, int millis) {
    return call(HttpMethod.POST, "/system/v1/instances/_create", "Bearer " + systemToken, "application/json",
        "{\"instanceName\":\"warmup\",\"machine\":{\"userName\":\"admin\",\"name\":\"Admin\","
            + "\"personalAccessToken\":{}}}").compose(instance -> {
              String pat = "Bearer " + instance.getString("pat");
              return call(HttpMethod.POST, "/management/v1/projects", pat, "application/json", "{\"name\":\"warmup\"}")
                  .compose(project -> tenant(pat, project.getString("id")));
            }).compose(mix -> {
              long deadline = System.nanoTime() + millis * 1_000_000L;
              List<Future<Void>> loops = new ArrayList<>();
              for (int i = 0; i < CONCURRENCY; i++) {
                Promise<Void> loop = Promise.promise();
                next(mix, i, deadline, loop);
                loops.add(loop.future());
              }
              return Future.all(loops).mapEmpty();
            });
  }

  /** The rest of the tenant (an app, a machine user with a secret, a token), then the mix of requests over it. */
  private Future<List<IntFunction<Future<Boolean>>>> tenant(String pat, String project) {
    String apps = "/management/v1/projects/" + project + "/apps/api";
    Future<JsonObject> app = call(HttpMethod.POST, apps, pat, "application/json", "{\"name\":\"warmup-app\"}");
    Future<String> machine = call(HttpMethod.POST, "/management/v1/users/machine", pat, "application/json",
        "{\"userName\":\"warmup-bot\",\"name\":\"Warm-up bot\"}")
        .compose(user -> call(HttpMethod.PUT, "/management/v1/users/" + user.getString("userId") + "/secret", pat,
            null, null))
        .map(secret -> basic("warmup-bot", secret.getString("clientSecret")));
    String scope = "grant_type=client_credentials&scope=openid%20urn%3Azitadel%3Aiam%3Aorg%3Aproject%3Aid%3A"
        + project + "%3Aaud";
    String form = "application/x-www-form-urlencoded";
    Future<String> token = machine.compose(basic -> call(HttpMethod.POST, "/oauth/v2/token", basic, form, scope))
        .map(answer -> answer.getString("access_token"));
    return Future.all(app, machine, token).map(ready -> {
      String appPath = apps.substring(0, apps.length() - "api".length()) + app.result().getString("appId");
      String appBasic = basic(app.result().getString("clientId"), app.result().getString("clientSecret"));
      String introspection = "token=" + token.result();
      IntFunction<Future<Boolean>> create = n -> expect(HttpMethod.POST, apps, pat, "application/json",
          "{\"name\":\"warmup-" + n + "\",\"authMethodType\":\"API_AUTH_METHOD_TYPE_BASIC\"}", null);
      return List.of(
          create,
          n -> expect(HttpMethod.GET, appPath, pat, null, null, null),
          create,
          n -> expect(HttpMethod.POST, "/oauth/v2/token", machine.result(), form, scope, null),
          create,
          n -> expect(HttpMethod.POST, "/oauth/v2/introspect", appBasic, form, introspection, "\"active\":true"),
          n -> grpcWeb(pat, project, "warmup-" + n),
          n -> expect(HttpMethod.POST, "/zitadel.application.v2.ApplicationService/CreateApplication", pat,
              "application/json", "{\"projectId\":\"" + project + "\",\"name\":\"warmup-" + n
                  + "\",\"apiConfiguration\":{\"authMethodType\":\"API_AUTH_METHOD_TYPE_BASIC\"}}", null));
    });
  }

  /** One loop: the mix's requests in turn, from a different place in it per loop, until the deadline. */
  private void next(List<IntFunction<Future<Boolean>>> mix, int step, long deadline, Promise<Void> loop) {
    if (System.nanoTime() - deadline >= 0) {
      loop.complete();
      return;
    }
    mix.get(step % mix.size()).apply((int) names.incrementAndGet()).onComplete(answered -> {
      if (answered.succeeded() && answered.result()) {
        requests.incrementAndGet();
      } else {
        unexpected.incrementAndGet();
      }
      next(mix, step + 1, deadline, loop);
    });
  }

  /** ZITADEL's ManagementService/AddAPIApp over gRPC-Web: fields 1 (project id) and 2 (name), in a gRPC-Web frame. */
  private Future<Boolean> grpcWeb(String pat, String project, String name) {
    byte[] projectBytes = project.getBytes(StandardCharsets.UTF_8);
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    Buffer message = Buffer.buffer().appendByte((byte) (1 << 3 | 2)).appendByte((byte) projectBytes.length)
        .appendBytes(projectBytes).appendByte((byte) (2 << 3 | 2)).appendByte((byte) nameBytes.length)
        .appendBytes(nameBytes);
    Buffer frame = Buffer.buffer().appendByte((byte) 0).appendInt(message.length()).appendBuffer(message);
    return send(HttpMethod.POST, "/zitadel.management.v1.ManagementService/AddAPIApp", pat,
        "application/grpc-web+proto", frame, "grpc-status:0").map(body -> body != null);
  }

  private Future<Boolean> expect(HttpMethod method, String path, String authorization, String type, String body,
                                 String expectedText) {
    return send(method, path, authorization, type, body == null ? null : Buffer.buffer(body), expectedText)
        .map(answer -> answer != null);
  }

  /** A request whose answer must be 200, as JSON. */
  private Future<JsonObject> call(HttpMethod method, String path, String authorization, String type, String body) {
    return send(method, path, authorization, type, body == null ? null : Buffer.buffer(body), null)
        .compose(answer -> answer == null
            ? Future.failedFuture(new IllegalStateException("the set-up request " + method + " " + path(path)
                + " was refused"))
            : Future.succeededFuture(answer.toJsonObject()));
  }

  /** The answer's body when it is a 200 (containing {@code expectedText}, if given), else null. */
  private Future<Buffer> send(HttpMethod method, String path, String authorization, String type, Buffer body,
                              String expectedText) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(path)
        .putHeader("authorization", authorization);
    if (type != null) {
      options.putHeader("content-type", type);
    }
    return client.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(answer -> {
          boolean expected = response.statusCode() == 200
              && (expectedText == null || answer.toString().contains(expectedText));
          if (!expected && firstUnexpected == null) {
            firstUnexpected = method + " " + path(path) + ": " + response.statusCode();
          }
          return expected ? answer : null;
        }));
  }

  /** A path without the ids in it, for a log line. */
  private static String path(String path) {
    return path.replaceAll("/[0-9]+(?=/|$)", "/{id}");
  }

  private static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }
}
