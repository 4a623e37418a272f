package dev.keygate.gateway;

import dev.keygate.gateway.docs.ApiDocs;
import dev.keygate.gateway.droplit.DroplitApi;
import dev.keygate.gateway.grpc.GrpcEndpoint;
import dev.keygate.gateway.grpc.GrpcMethods;
import dev.keygate.gateway.http.ContractRouter;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.http.edge.EdgeLimits;
import dev.keygate.gateway.oauth.OAuthApi;
import dev.keygate.gateway.ops.Operability;
import dev.keygate.gateway.oracle.OracleApi;
import dev.keygate.gateway.service.credential.LastUses;
import dev.keygate.gateway.service.crypto.IdGenerator;
import dev.keygate.gateway.service.crypto.SecretGenerator;
import dev.keygate.gateway.service.crypto.SecretHasher;
import dev.keygate.gateway.service.idempotency.IdempotencyService;
import dev.keygate.gateway.service.token.OpaqueTokens;
import dev.keygate.gateway.service.token.SigningKeys;
import dev.keygate.gateway.zitadel.ZitadelManagementApi;
import dev.keygate.gateway.zitadel.ZitadelSystemApi;
import dev.keygate.store.KeygateStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A running Keygate: wires configuration → store → services ({@link Services}) → surfaces, and deploys the HTTP
 * verticles. Used by {@link Main} and by the tests, which start real servers on free ports.
 */
public final class Keygate {

  private static final String PEPPER_KEY = "secret-hash-pepper";
  /** The AES-256 key that seals opaque access tokens, shared by every process on the store. */
  private static final String OPAQUE_TOKEN_KEY = "opaque-access-token-key";
  /** The server half of the keys that seal remembered Idempotency-Key answers (IdempotencyService). */
  private static final String IDEMPOTENCY_KEY = "idempotency-answer-key";

  private final Vertx vertx;
  private final KeygateStore store;
  private final String deploymentId;
  private final int port;
  private final String systemToken;
  private final boolean systemTokenGenerated;
  private final long idempotencySweeper;
  private final Operability ops;
  private final LastUses lastUses;

  private Keygate(Vertx vertx, KeygateStore store, String deploymentId, int port, String systemToken,
                  boolean systemTokenGenerated, long idempotencySweeper, Operability ops, LastUses lastUses) {
    this.ops = ops;
    this.lastUses = lastUses;
    this.vertx = vertx;
    this.store = store;
    this.deploymentId = deploymentId;
    this.port = port;
    this.systemToken = systemToken;
    this.systemTokenGenerated = systemTokenGenerated;
    this.idempotencySweeper = idempotencySweeper;
  }

  public static Future<Keygate> start(Vertx vertx, KeygateConfig config) {
    return StoreFactory.create(vertx, config).compose(store -> start(vertx, config, store));
  }

  /** Starts on a given store (tests use this to run two gateways on one store). */
  public static Future<Keygate> start(Vertx vertx, KeygateConfig config, KeygateStore store) {
    NativeCrypto.install(!"jdk".equals(config.string(KeygateConfig.CRYPTO)));
    Operability ops;
    try {
      ops = Operability.create(vertx, operability(config), store);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Clock clock = Clock.systemUTC();
    SecretGenerator secrets = new SecretGenerator();
    byte[] candidatePepper = secrets.bytes(32);
    Future<byte[]> pepper = store.serverKeys().serverKey(PEPPER_KEY, candidatePepper);
    Future<byte[]> opaqueKey = store.serverKeys().serverKey(OPAQUE_TOKEN_KEY, secrets.bytes(32));
    Future<byte[]> idempotencyKey = store.serverKeys().serverKey(IDEMPOTENCY_KEY, secrets.bytes(32));
    Future<ApiContract> system = ApiContract.load(vertx, "zitadel-system", true);
    Future<ApiContract> management = ApiContract.load(vertx, "zitadel-management", true);
    Future<ApiContract> droplit = ApiContract.load(vertx, "droplit", false, true);
    Future<ApiContract> oauth = ApiContract.load(vertx, "oauth", false);
    Future<ApiContract> oracle = ApiContract.load(vertx, "oracle-ccadmin", false);
    Future<SigningKeys> signingKeys = SigningKeys.load(vertx, store.serverKeys(),
        config.string(KeygateConfig.SIGNING_KEY_ID),
        List.of(config.string(KeygateConfig.SIGNING_KEY_PREVIOUS_IDS).split(",")));
    List<Future<?>> loading = List.of(pepper, opaqueKey, idempotencyKey, system, management, droplit, oauth, oracle,
        signingKeys, ops.startManagement());
    return Future.all(loading).compose(loaded -> {
      Services services = Services.wire(vertx, config, store, secrets, new SecretHasher(pepper.result()),
          signingKeys.result(), new OpaqueTokens(opaqueKey.result(), secrets), new IdGenerator(clock, nodeId(config)),
          clock, ops.meter());
      ops.describe(services.cache(), BuildInfo.version(), config.string(KeygateConfig.STORE), NativeCrypto.running());

      IdempotencyService idempotency = new IdempotencyService(store.idempotency(), idempotencyKey.result(), secrets,
          clock, IdempotencyService.LEASE);

      boolean generated = !config.has(KeygateConfig.SYSTEM_TOKEN);
      String systemToken = generated ? secrets.token() : config.string(KeygateConfig.SYSTEM_TOKEN);
      EdgeLimits limits = EdgeLimits.withBodyLimit(config.integer(KeygateConfig.BODY_LIMIT));
      ZitadelSystemApi systemApi = new ZitadelSystemApi(system.result(), services.instances(), clock, systemToken);
      ZitadelManagementApi managementApi = new ZitadelManagementApi(management.result(), services.access(),
          services.projects(), services.apps(), services.users(), clock);
      DroplitApi droplitApi = new DroplitApi(droplit.result(), services.access(), services.ecosystems());
      OAuthApi oauthApi = new OAuthApi(services.grants(), services.clientAuthentication(), services.accessTokens(),
          services.revocation(), services.signingKeys());
      OracleApi oracleApi = new OracleApi(oracle.result(), services.commerceLogins(), services.commerceSessions(),
          services.commerceApplications());
      Map<String, ApiContract> documents = Map.of(
          system.result().surface(), system.result(),
          management.result().surface(), management.result(),
          droplit.result().surface(), droplit.result(),
          oauth.result().surface(), oauth.result(),
          oracle.result().surface(), oracle.result());

      // ZITADEL's gRPC methods, each bound to the REST operation of the same name (fails fast on a mismatch)
      GrpcMethods grpcMethods = GrpcMethods.zitadel(system.result(), management.result());

      int port = resolvePort(config.integer(KeygateConfig.HTTP_PORT));
      DeploymentOptions options = new DeploymentOptions()
          .setInstances(Math.max(1, config.integer(KeygateConfig.VERTICLE_INSTANCES)));
      return vertx.deployVerticle(() -> new GatewayVerticle(
              v -> List.of(
                  new GatewayVerticle.Mount("/system/", ContractRouter.build(v, system.result(), systemApi, limits,
                      idempotency, ops.observer())),
                  new GatewayVerticle.Mount("/management/", ContractRouter.build(v, management.result(),
                      managementApi, limits, idempotency, ops.observer())),
                  new GatewayVerticle.Mount("/api/", ContractRouter.build(v, droplit.result(), droplitApi, limits,
                      idempotency, ops.observer())),
                  new GatewayVerticle.Mount("/oauth/", ContractRouter.build(v, oauth.result(), oauthApi, limits,
                      null, ops.observer())),
                  new GatewayVerticle.Mount("/ccadmin/", ContractRouter.build(v, oracle.result(), oracleApi, limits,
                      idempotency, ops.observer())),
                  new GatewayVerticle.Mount("/.well-known/", ContractRouter.build(v, oauth.result(), oauthApi,
                      limits, null, ops.observer()))),
              v -> {
                ops.watchEventLoop(v);
                return infrastructure(v, documents, ops);
              },
              (v, routers) -> new GrpcEndpoint(v, grpcMethods, routers, limits.bodyLimit()),
              config.string(KeygateConfig.HTTP_HOST), port, limits, config.integer(KeygateConfig.SHUTDOWN_TIMEOUT_MS)),
              options)
          .map(id -> {
            ops.serving();
            return new Keygate(vertx, store, id, port, systemToken, generated, idempotency.sweepPeriodically(vertx),
                ops, services.lastUses());
          });
    }).onFailure(failure -> ops.close());
  }

  private static Operability.Settings operability(KeygateConfig config) {
    String metrics = config.string(KeygateConfig.METRICS).trim();
    if (!metrics.equals("on") && !metrics.equals("off")) {
      throw new IllegalArgumentException("KEYGATE_METRICS must be on or off, was '" + metrics + "'");
    }
    return new Operability.Settings(metrics.equals("on"), config.string(KeygateConfig.ACCESS_LOG),
        config.string(KeygateConfig.MANAGEMENT_HOST), config.integer(KeygateConfig.MANAGEMENT_PORT),
        config.integer(KeygateConfig.PG_TIMEOUT_MS));
  }

  /**
   * The contracts at {@code /openapi/{surface}.yaml}, a health check, the landing page and API docs ({@link ApiDocs}),
   * and a 404 for everything else.
   */
  private static Router infrastructure(Vertx vertx, Map<String, ApiContract> documents, Operability ops) {
    Router router = Router.router(vertx);
    ops.observe(router);
    router.get("/openapi/:document").handler(rc -> {
      String name = rc.pathParam("document");
      ApiContract contract = name.endsWith(".yaml") ? documents.get(name.substring(0, name.length() - 5)) : null;
      if (contract == null) {
        rc.next();
        return;
      }
      rc.response().putHeader("content-type", "application/yaml").end(Buffer.buffer(contract.yaml()));
    });
    router.get("/healthz").handler(rc -> rc.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("status", "UP").encode()));
    Handler<RoutingContext> notFound = rc -> rc.response().setStatusCode(404)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", 5).put("message", "Not Found").encode());
    ApiDocs.of(documents.values()).mount(router, notFound);
    router.route().handler(notFound);
    return router;
  }

  private static int nodeId(KeygateConfig config) {
    if (config.has(KeygateConfig.NODE_ID)) {
      return config.integer(KeygateConfig.NODE_ID);
    }
    return new SecureRandom().nextInt(1 << 16);
  }

  /** Port 0 means "any free port": chosen here so that every verticle instance shares the same one. */
  private static int resolvePort(int configured) {
    if (configured != 0) {
      return configured;
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public String systemToken() {
    return systemToken;
  }

  public boolean systemTokenGenerated() {
    return systemTokenGenerated;
  }

  /** The port of metrics and health ({@code KEYGATE_MANAGEMENT_PORT}, resolved when that is 0). */
  public int managementPort() {
    return ops.managementPort();
  }

  /**
   * Stops gracefully: not ready at once, then each HTTP server stops accepting and lets its in-flight requests finish
   * (within {@code KEYGATE_SHUTDOWN_TIMEOUT_MS}), then the management server closes, the last uses not yet written
   * are written, and the store's pool closes.
   */
  public Future<Void> stop() {
    vertx.cancelTimer(idempotencySweeper);
    ops.stopping();
    return vertx.undeploy(deploymentId).eventually(ops::close).compose(v -> lastUses.flush())
        .compose(v -> store.close());
  }
}
