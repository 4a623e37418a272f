package dev.keygate.gateway;

import dev.keygate.gateway.http.ApiContract;
import dev.keygate.gateway.http.ContractRouter;
import dev.keygate.gateway.oauth.OAuthApi;
import dev.keygate.gateway.oracle.OracleApi;
import dev.keygate.gateway.service.CommerceService;
import dev.keygate.gateway.service.AccessService;
import dev.keygate.gateway.service.FailedAttempts;
import dev.keygate.gateway.service.Hosts;
import dev.keygate.gateway.service.SigningKeys;
import dev.keygate.gateway.service.TokenService;
import dev.keygate.gateway.service.VerificationCache;
import dev.keygate.gateway.droplit.DroplitApi;
import dev.keygate.gateway.service.AppService;
import dev.keygate.gateway.service.EcosystemService;
import dev.keygate.gateway.service.IdGenerator;
import dev.keygate.gateway.service.InstanceService;
import dev.keygate.gateway.service.MachineKeys;
import dev.keygate.gateway.service.PasswordHasher;
import dev.keygate.gateway.service.ProjectService;
import dev.keygate.gateway.service.SecretGenerator;
import dev.keygate.gateway.service.SecretHasher;
import dev.keygate.gateway.service.UserService;
import dev.keygate.gateway.zitadel.ZitadelManagementApi;
import dev.keygate.gateway.zitadel.ZitadelSystemApi;
import dev.keygate.store.KeygateStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A running Keygate: wires configuration → store → services → surfaces, and deploys the HTTP verticles. Used by
 * {@link Main} and by the tests, which start real servers on free ports.
 */
public final class Keygate {

  private static final String PEPPER_KEY = "secret-hash-pepper";

  private final Vertx vertx;
  private final KeygateStore store;
  private final String deploymentId;
  private final int port;
  private final String systemToken;
  private final boolean systemTokenGenerated;

  private Keygate(Vertx vertx, KeygateStore store, String deploymentId, int port, String systemToken,
                  boolean systemTokenGenerated) {
    this.vertx = vertx;
    this.store = store;
    this.deploymentId = deploymentId;
    this.port = port;
    this.systemToken = systemToken;
    this.systemTokenGenerated = systemTokenGenerated;
  }

  public static Future<Keygate> start(Vertx vertx, KeygateConfig config) {
    return StoreFactory.create(vertx, config).compose(store -> start(vertx, config, store));
  }

  /** Starts on a given store (tests use this to run two gateways on one store). */
  public static Future<Keygate> start(Vertx vertx, KeygateConfig config, KeygateStore store) {
    Clock clock = Clock.systemUTC();
    SecretGenerator secrets = new SecretGenerator();
    byte[] candidatePepper = secrets.bytes(32);
    Future<byte[]> pepper = store.serverKey(PEPPER_KEY, candidatePepper);
    Future<ApiContract> system = ApiContract.load(vertx, "zitadel-system", true);
    Future<ApiContract> management = ApiContract.load(vertx, "zitadel-management", true);
    Future<ApiContract> droplit = ApiContract.load(vertx, "droplit", false, true);
    Future<ApiContract> oauth = ApiContract.load(vertx, "oauth", false);
    Future<ApiContract> oracle = ApiContract.load(vertx, "oracle-ccadmin", false);
    Future<SigningKeys> signingKeys = SigningKeys.load(vertx, store, config.string(KeygateConfig.SIGNING_KEY_ID),
        List.of(config.string(KeygateConfig.SIGNING_KEY_PREVIOUS_IDS).split(",")));
    return Future.all(List.of(pepper, system, management, droplit, oauth, oracle, signingKeys)).compose(loaded -> {
      SecretHasher hasher = new SecretHasher(pepper.result());
      VerificationCache cache = new VerificationCache(store, 100_000, Duration.ofMinutes(5));
      Hosts hosts = new Hosts(store, cache);
      IdGenerator ids = new IdGenerator(clock, nodeId(config));
      PasswordHasher passwords = new PasswordHasher(vertx, config.integer(KeygateConfig.PASSWORD_HASH_COST));
      MachineKeys machineKeys = new MachineKeys(vertx);
      InstanceService instances = new InstanceService(store, ids, secrets, hasher, passwords, machineKeys,
          clock, config.string(KeygateConfig.EXTERNAL_DOMAIN));
      TokenService tokens = new TokenService(store, hosts, hasher, signingKeys.result(), cache,
          new FailedAttempts(vertx), ids, clock, config.integer(KeygateConfig.ACCESS_TOKEN_LIFETIME));
      AccessService access = new AccessService(store, hasher, clock, cache, hosts, tokens);
      ProjectService projects = new ProjectService(store, ids, clock);
      AppService apps = new AppService(store, ids, secrets, hasher, machineKeys, clock);
      UserService users = new UserService(store, ids, secrets, hasher, passwords, machineKeys, clock);
      EcosystemService ecosystems = new EcosystemService(store, ids, secrets, hasher, clock);

      boolean generated = !config.has(KeygateConfig.SYSTEM_TOKEN);
      String systemToken = generated ? secrets.token() : config.string(KeygateConfig.SYSTEM_TOKEN);
      long bodyLimit = config.integer(KeygateConfig.BODY_LIMIT);
      ZitadelSystemApi systemApi = new ZitadelSystemApi(system.result(), instances, clock, systemToken);
      ZitadelManagementApi managementApi = new ZitadelManagementApi(management.result(), access, projects, apps, users,
          clock);
      DroplitApi droplitApi = new DroplitApi(droplit.result(), access, ecosystems);
      OAuthApi oauthApi = new OAuthApi(oauth.result(), tokens);
      OracleApi oracleApi = new OracleApi(oracle.result(), new CommerceService(store, hosts, signingKeys.result(), cache,
          passwords, new FailedAttempts(vertx), clock, config.integer(KeygateConfig.OCC_APPLICATION_TOKEN_LIFETIME),
          config.integer(KeygateConfig.OCC_USER_TOKEN_LIFETIME)));
      Map<String, ApiContract> documents = Map.of(
          system.result().surface(), system.result(),
          management.result().surface(), management.result(),
          droplit.result().surface(), droplit.result(),
          oauth.result().surface(), oauth.result(),
          oracle.result().surface(), oracle.result());

      int port = resolvePort(config.integer(KeygateConfig.HTTP_PORT));
      DeploymentOptions options = new DeploymentOptions()
          .setInstances(Math.max(1, config.integer(KeygateConfig.VERTICLE_INSTANCES)));
      return vertx.deployVerticle(() -> new GatewayVerticle(
              v -> List.of(
                  new GatewayVerticle.Mount("/system/", ContractRouter.build(v, system.result(), systemApi, bodyLimit)),
                  new GatewayVerticle.Mount("/management/",
                      ContractRouter.build(v, management.result(), managementApi, bodyLimit)),
                  new GatewayVerticle.Mount("/api/", ContractRouter.build(v, droplit.result(), droplitApi, bodyLimit)),
                  oauthMount("/oauth/", v, oauth.result(), oauthApi, bodyLimit),
                  new GatewayVerticle.Mount("/ccadmin/", ContractRouter.build(v, oracle.result(), oracleApi, bodyLimit)),
                  oauthMount("/.well-known/", v, oauth.result(), oauthApi, bodyLimit)),
              v -> infrastructure(v, documents),
              config.string(KeygateConfig.HTTP_HOST), port), options)
          .map(id -> new Keygate(vertx, store, id, port, systemToken, generated));
    });
  }

  private static GatewayVerticle.Mount oauthMount(String prefix, Vertx vertx, ApiContract contract, OAuthApi api,
                                                  long bodyLimit) {
    return new GatewayVerticle.Mount(prefix, ContractRouter.build(vertx, contract, api, bodyLimit));
  }

  /** The contracts at {@code /openapi/{surface}.yaml}, a health check, and a 404 for everything else. */
  private static Router infrastructure(Vertx vertx, Map<String, ApiContract> documents) {
    Router router = Router.router(vertx);
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
    router.route().handler(rc -> rc.response().setStatusCode(404).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", 5).put("message", "Not Found").encode()));
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

  public Future<Void> stop() {
    return vertx.undeploy(deploymentId).compose(v -> store.close());
  }
}
