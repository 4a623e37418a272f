package dev.keygate.gateway;

import dev.keygate.gateway.docs.SiteRouter;
import dev.keygate.gateway.droplit.DroplitApi;
import dev.keygate.gateway.grpc.GrpcEndpoint;
import dev.keygate.gateway.grpc.GrpcMethods;
import dev.keygate.gateway.http.ContractRouter;
import dev.keygate.gateway.http.SurfaceBinding;
import dev.keygate.gateway.http.contract.ApiContract;
import dev.keygate.gateway.http.edge.EdgeLimits;
import dev.keygate.gateway.oauth.OAuthApi;
import dev.keygate.gateway.ops.Operability;
import dev.keygate.gateway.oracle.OracleApi;
import dev.keygate.gateway.service.crypto.IdGenerator;
import dev.keygate.gateway.service.crypto.SealedServerKeys;
import dev.keygate.gateway.service.crypto.SecretGenerator;
import dev.keygate.gateway.service.crypto.SecretHasher;
import dev.keygate.gateway.service.idempotency.IdempotencyService;
import dev.keygate.gateway.service.token.OpaqueTokens;
import dev.keygate.gateway.service.token.SigningKeys;
import dev.keygate.gateway.service.token.SystemUserTokens;
import dev.keygate.gateway.zitadel.SystemTokenAuthenticator;
import dev.keygate.gateway.zitadel.ZitadelAdminApi;
import dev.keygate.gateway.zitadel.ZitadelAuthApi;
import dev.keygate.gateway.zitadel.ZitadelManagementApi;
import dev.keygate.gateway.zitadel.ZitadelSystemApi;
import dev.keygate.gateway.zitadel.v2.ZitadelV2Api;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.ServerKeyStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Keygate: wires configuration → store → services ({@link Services}) → surfaces, and deploys the HTTP
 * verticles. Used by {@link Main} and by the tests, which start real servers on free ports.
 */
public final class Keygate {

  /**
   * Each surface's contract (an {@code api-spec} document) and the path prefixes it is mounted under: its base path,
   * and for OAuth also discovery's {@code /.well-known/}.
   */
  private static final Map<String, List<String>> SURFACES = new LinkedHashMap<>();

  static {
    SURFACES.put("zitadel-system", List.of("/system/"));
    SURFACES.put("zitadel-management", List.of("/management/"));
    SURFACES.put("zitadel-admin", List.of("/admin/"));
    SURFACES.put("zitadel-auth", List.of("/auth/"));
    SURFACES.put("droplit", List.of("/api/"));
    SURFACES.put("oauth", List.of("/oauth/", "/.well-known/"));
    SURFACES.put("oracle-ccadmin", List.of("/ccadmin/"));
    // ZITADEL's v2 services answer on their procedure paths; gRPC calls to the same paths go to the gRPC endpoint
    SURFACES.put("zitadel-v2", List.of("/zitadel."));
  }

  private static final Logger LOG = LoggerFactory.getLogger(Keygate.class);

  private final Vertx vertx;
  private final KeygateStore store;
  private final String deploymentId;
  private final int port;
  private final String systemToken;
  private final boolean systemTokenGenerated;
  private final Operability ops;
  private final Services services;
  /**
   * The periodic timers this gateway started (idempotency sweep, last-use flush, the certificate's reload), cancelled
   * when it stops.
   */
  private final List<Long> timers;
  private final TlsSettings tls;

  private Keygate(Vertx vertx, KeygateStore store, String deploymentId, int port, String systemToken,
                  boolean systemTokenGenerated, Operability ops, Services services, List<Long> timers,
                  TlsSettings tls) {
    this.tls = tls;
    this.vertx = vertx;
    this.store = store;
    this.deploymentId = deploymentId;
    this.port = port;
    this.systemToken = systemToken;
    this.systemTokenGenerated = systemTokenGenerated;
    this.ops = ops;
    this.services = services;
    this.timers = timers;
  }

  /** Starts on the store the configuration names, with the system's clock. */
  public static Future<Keygate> start(Vertx vertx, KeygateConfig config) {
    return start(vertx, config, Future::succeededFuture);
  }

  /**
   * The same, running {@code beforeListening} (Main's {@link Warmup}) once the store, keys and management port are up
   * (health: live, not started, not ready) and before the main port listens; its failure fails the start.
   */
  public static Future<Keygate> start(Vertx vertx, KeygateConfig config, Supplier<Future<?>> beforeListening) {
    return StoreFactory.create(vertx, config)
        .compose(store -> start(vertx, config, store, Clock.systemUTC(), beforeListening));
  }

  /** Starts on a given store (tests use this to run two gateways on one store). */
  public static Future<Keygate> start(Vertx vertx, KeygateConfig config, KeygateStore store) {
    return start(vertx, config, store, Clock.systemUTC());
  }

  /**
   * Starts on a given store and clock: every service, token and key reads the time from {@code clock}, so a test can
   * move time forward instead of waiting for an expiry.
   */
  public static Future<Keygate> start(Vertx vertx, KeygateConfig config, KeygateStore store, Clock clock) {
    return start(vertx, config, store, clock, Future::succeededFuture);
  }

  static Future<Keygate> start(Vertx vertx, KeygateConfig config, KeygateStore store, Clock clock,
                               Supplier<Future<?>> beforeListening) {
    NativeCrypto.install(!"jdk".equals(config.string(KeygateConfig.CRYPTO)));
    MasterKeySettings master;
    try {
      master = MasterKeySettings.from(config);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    SystemUserTokens systemUsers;
    TlsSettings tls;
    Operability ops;
    try {
      // read before anything starts: a system user whose key cannot be read stops the start, naming the user
      systemUsers = SystemUsersSetting.load(config.string(KeygateConfig.SYSTEM_USERS), clock);
      // the certificate is read and checked first: a broken one fails the start before any port opens
      tls = TlsSettings.of(vertx, config);
      ops = Operability.create(vertx, operability(config, tls), store);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    warnIfOnlyTheStaticTokenOpensTheSystemApi(config, systemUsers);
    // the server-wide keys, each loaded by the class that uses it (the first process on an empty store creates them)
    // sealed at rest under the master key; while a previous master key is given, everything is re-sealed first
    SecretGenerator secrets = new SecretGenerator();
    SealedServerKeys sealed = new SealedServerKeys(store.serverKeys(), master.current(), master.previous());
    Future<ServerKeyStore> keys = (master.previous() == null ? Future.succeededFuture(0) : sealed.resealAll())
        .map(resealed -> sealed);
    Future<SecretHasher> hasher = keys.compose(k -> SecretHasher.load(k, secrets));
    Future<OpaqueTokens> opaqueTokens = keys.compose(k -> OpaqueTokens.load(k, secrets));
    Future<IdempotencyService> idempotency = keys.compose(k -> IdempotencyService.load(store.idempotency(), k,
        secrets, clock));
    Future<SigningKeys> signingKeys = keys.compose(k -> SigningKeys.load(vertx, k, clock,
        config.string(KeygateConfig.SIGNING_KEY_ID),
        List.of(config.string(KeygateConfig.SIGNING_KEY_PREVIOUS_IDS).split(","))));
    Map<String, Future<ApiContract>> contracts = new LinkedHashMap<>();
    SURFACES.keySet().forEach(name -> contracts.put(name, ApiContract.load(vertx, name)));
    List<Future<?>> loading = new ArrayList<>(List.of(hasher, opaqueTokens, idempotency, signingKeys,
        ops.startManagement()));
    loading.addAll(contracts.values());
    // join, not all: a start that fails (a port taken) fails only once every loading step has ended, so no worker
    // task of a key load is left to complete on an event loop the caller closes next
    return Future.join(loading).compose(loaded -> beforeListening.get()).compose(warm -> {
      Services services = Services.wire(vertx, config, store, secrets, hasher.result(), signingKeys.result(),
          opaqueTokens.result(), new IdGenerator(clock, nodeId(config)), clock, ops.meter());
      ops.describe(services.cache(), services.reads(), BuildInfo.version(), config.string(KeygateConfig.STORE),
          NativeCrypto.running());
      boolean generated = !config.has(KeygateConfig.SYSTEM_TOKEN);
      String systemToken = generated ? secrets.token() : config.string(KeygateConfig.SYSTEM_TOKEN);
      Map<String, ApiContract> documents = new LinkedHashMap<>();
      contracts.forEach((name, contract) -> documents.put(name, contract.result()));
      Map<String, SurfaceBinding> bindings = bindings(documents, services, clock,
          new SystemTokenAuthenticator(systemToken, systemUsers,
              tls.server() == null ? null : tls.server().clientCertificates()));
      // ZITADEL's gRPC methods, each bound to the REST operation of the same name (fails fast on a mismatch)
      GrpcMethods grpcMethods = GrpcMethods.zitadel(documents.get("zitadel-system"),
          documents.get("zitadel-management"), documents.get("zitadel-v2"));
      EdgeLimits limits = EdgeLimits.withBodyLimit(config.integer(KeygateConfig.BODY_LIMIT));
      int port = resolvePort(config.integer(KeygateConfig.HTTP_PORT));
      DeploymentOptions options = new DeploymentOptions()
          .setInstances(Math.max(1, config.integer(KeygateConfig.VERTICLE_INSTANCES)));
      return vertx.deployVerticle(() -> new GatewayVerticle(
              v -> {
                List<GatewayVerticle.Mount> mounts = new ArrayList<>();
                SURFACES.forEach((name, prefixes) -> {
                  var router = ContractRouter.build(v, documents.get(name), bindings.get(name), limits,
                      idempotency.result(), ops.observer());
                  prefixes.forEach(prefix -> mounts.add(new GatewayVerticle.Mount(prefix, router)));
                });
                return mounts;
              },
              v -> {
                ops.watchEventLoop(v);
                Router site = Router.router(v);
                ops.observe(site);
                return SiteRouter.mount(site, documents.values());
              },
              (v, routers) -> new GrpcEndpoint(v, grpcMethods, routers, limits.bodyLimit()),
              config.string(KeygateConfig.HTTP_HOST), port, limits, config.integer(KeygateConfig.SHUTDOWN_TIMEOUT_MS),
              tls.server()),
              options)
          .map(id -> {
            ops.serving();
            List<Long> timers = new ArrayList<>(List.of(idempotency.result().sweepPeriodically(vertx),
                services.lastUses().flushPeriodically(vertx, config.integer(KeygateConfig.LAST_USE_FLUSH_MS))));
            if (tls.server() != null && tls.reloadMs() > 0) {
              timers.add(tls.server().watch(tls.reloadMs()));
            }
            return new Keygate(vertx, store, id, port, systemToken, generated, ops, services, List.copyOf(timers),
                tls);
          });
    }).onFailure(failure -> ops.close());
  }

  /** Each surface's binding: what its operations do, over the services. */
  private static Map<String, SurfaceBinding> bindings(Map<String, ApiContract> documents, Services services,
                                                      Clock clock, SystemTokenAuthenticator systemToken) {
    return Map.of(
        "zitadel-system", new ZitadelSystemApi(documents.get("zitadel-system"), services.instances(), clock,
            systemToken),
        "zitadel-management", new ZitadelManagementApi(documents.get("zitadel-management"), services.access(),
            services.projects(), services.apps(), services.users(), clock),
        "droplit", new DroplitApi(documents.get("droplit"), services.access(), services.ecosystems()),
        "oauth", new OAuthApi(services.grants(), services.clientAuthentication(), services.accessTokens(),
            services.revocation(), services.signingKeys()),
        "oracle-ccadmin", new OracleApi(documents.get("oracle-ccadmin"), services.commerceLogins(),
            services.commerceSessions(), services.commerceApplications()),
        "zitadel-v2", new ZitadelV2Api(documents.get("zitadel-v2"), services.access(), services.projects(),
            services.apps(), services.users(), services.organizations(), services.instances(), clock, systemToken),
        "zitadel-admin", new ZitadelAdminApi(documents.get("zitadel-admin"), services.access(), services.events()),
        "zitadel-auth", new ZitadelAuthApi(documents.get("zitadel-auth"), services.access(), services.users(), clock));
  }

  /**
   * On PostgreSQL, a store meant to last and often shared, the static token is a long-lived secret that whoever
   * holds it can use from anywhere: one WARN line says so, and how to let callers sign short-lived JWTs instead.
   */
  private static void warnIfOnlyTheStaticTokenOpensTheSystemApi(KeygateConfig config, SystemUserTokens systemUsers) {
    if ("postgres".equals(config.string(KeygateConfig.STORE)) && systemUsers.isEmpty()) {
      LOG.warn("The system API accepts only the static token of {} on this PostgreSQL store. To let callers sign "
          + "short-lived JWTs with their own keys instead, as ZITADEL's system users do, set {} to a JSON object of "
          + "user id to {\"keyData\": \"<base64 of a PEM public key>\"} or {\"path\": \"<PEM file>\"} "
          + "(README, System users).", KeygateConfig.SYSTEM_TOKEN, KeygateConfig.SYSTEM_USERS);
    }
  }

  private static Operability.Settings operability(KeygateConfig config, TlsSettings tls) {
    String metrics = config.string(KeygateConfig.METRICS).trim();
    if (!metrics.equals("on") && !metrics.equals("off")) {
      throw new IllegalArgumentException("KEYGATE_METRICS must be on or off, was '" + metrics + "'");
    }
    return new Operability.Settings(metrics.equals("on"), config.string(KeygateConfig.ACCESS_LOG),
        config.string(KeygateConfig.MANAGEMENT_HOST), config.integer(KeygateConfig.MANAGEMENT_PORT),
        config.integer(KeygateConfig.PG_TIMEOUT_MS), tls.managementServer());
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

  /** {@code https} when the main port serves TLS ({@code KEYGATE_TLS_CERT}), else {@code http}. */
  public String scheme() {
    return tls.server() == null ? "http" : "https";
  }

  /** The management port's scheme ({@code KEYGATE_MANAGEMENT_TLS}). */
  public String managementScheme() {
    return tls.managementServer() == null ? "http" : "https";
  }

  /** The port of metrics and health ({@code KEYGATE_MANAGEMENT_PORT}, resolved when that is 0). */
  public int managementPort() {
    return ops.managementPort();
  }

  /** The ids of the periodic timers this gateway started, for the test that they end with it. */
  List<Long> timers() {
    return timers;
  }

  /** For tests that count what was written: they flush instead of waiting for the periodic flush's timer. */
  Future<Void> flushLastUses() {
    return services.lastUses().flush();
  }

  /**
   * Stops gracefully: the timers end and the gateway is not ready at once, then each HTTP server stops accepting and
   * lets its in-flight requests finish (within {@code KEYGATE_SHUTDOWN_TIMEOUT_MS}), then the management server
   * closes, the last uses not yet written are written, and the store's pool closes.
   */
  public Future<Void> stop() {
    timers.forEach(vertx::cancelTimer);
    ops.stopping();
    return vertx.undeploy(deploymentId).eventually(ops::close).compose(v -> services.lastUses().flush())
        .compose(v -> store.close());
  }
}
