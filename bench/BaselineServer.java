import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The benchmark's yardstick: a minimal Vert.x web router on the same stack and the same number of event-loop
 * verticles as Keygate, that parses the same small JSON POST and answers a small JSON body, with no contract, no
 * validation, no authentication and no store. Run: java -cp keygate.jar bench/BaselineServer.java PORT INSTANCES
 */
public class BaselineServer extends VerticleBase {

  private final int port;

  BaselineServer(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
    router.post("/management/v1/projects/:projectId/apps/api").handler(rc -> {
      JsonObject body = rc.body().asJsonObject();
      rc.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("appId", "1").put("name", body.getString("name")).toBuffer());
    });
    return vertx.createHttpServer().requestHandler(router).listen(port);
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new BaselineServer(port), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.println("baseline listening on " + port))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }
}
