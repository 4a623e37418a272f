package dev.keygate.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.http.contract.ApiContract;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link PathDispatch} against vertx-web's own matching: for every contract, the same requests go to a server with
 * the full router and to one with the dispatch, and must get the same answer (the operation that ran, or 404 or 405).
 * The paths are every template filled with plain values and with every literal of the contract at each position,
 * cut short, made longer, with a trailing slash, empty, dot and percent-escaped segments, under every method.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathDispatchTest {

  private static final List<String> SURFACES = List.of("zitadel-system", "zitadel-management", "droplit", "oauth",
      "oracle-ccadmin");
  private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.DELETE, HttpMethod.PATCH);
  private Vertx vertx;
  private HttpClient client;
  private final List<HttpServer> servers = new ArrayList<>();

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void everyRequestGetsTheAnswerOfTheFullRouter() throws Exception {
    int compared = 0;
    int byAutomaton = 0;
    for (String surface : SURFACES) {
      ApiContract contract = await(ApiContract.load(vertx, surface));
      Supplier<Router> routers = routers(contract);
      PathDispatch dispatch = new PathDispatch(routers);
      int full = await(listen(routers.get()));
      int dispatched = await(listen(dispatch));
      for (String path : paths(dispatch.all())) {
        if (dispatch.routerFor(path) != dispatch.all()) {
          byAutomaton++;
        }
        for (HttpMethod method : METHODS) {
          String expected = answer(full, method, path);
          assertThat(answer(dispatched, method, path)).as("%s %s %s", surface, method, path).isEqualTo(expected);
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(5_000);
    // the distortions are mostly paths the automaton leaves to vertx-web; the rest (a fifth at least) it selects for
    assertThat(byAutomaton).isGreaterThan(compared / METHODS.size() / 5);
  }

  @Test
  void onlyPathsVertxWebReadsAsTheyStandAreLeftToTheAutomaton() throws Exception {
    PathDispatch dispatch = new PathDispatch(routers(await(ApiContract.load(vertx, "zitadel-management"))));
    for (String path : List.of("/management/v1/projects/1/apps/2", "/a/.b/c..", "/a", "/management/v1/x/y/z/w")) {
      assertThat(dispatch.routerFor(path)).as(path).isNotSameAs(dispatch.all());
    }
    for (String path : List.of("", "/", "/a/", "//a", "/a//b", "/a/./b", "/a/../b", "/a/.", "/a/..", "/a/%41", "a/b",
        "/management/v1/projects/1/apps/2/", "/management/v1/projects/%31/apps/2")) {
      assertThat(dispatch.routerFor(path)).as(path).isSameAs(dispatch.all());
    }
    assertThat(dispatch.routerFor(null)).isSameAs(dispatch.all());
  }

  /** The surface's router as ContractRouter builds it, each operation answering its id. */
  private Supplier<Router> routers(ApiContract contract) {
    RouterBuilder builder = RouterBuilder.create(vertx, contract.openApi(), RequestExtractor.withBodyHandler());
    builder.rootHandler(BodyHandler.create(false));
    for (OpenAPIRoute route : builder.getRoutes()) {
      String id = route.getOperation().getOperationId();
      route.setDoValidation(false).setDoSecurity(false).addHandler(rc -> rc.end(id));
    }
    return () -> {
      Router router = builder.createRouter();
      router.errorHandler(404, rc -> rc.response().setStatusCode(404).end("404"));
      router.errorHandler(405, rc -> rc.response().setStatusCode(405).end("405"));
      return router;
    };
  }

  /** Every template with plain values and with each literal in each parameter's place, and their distortions. */
  private static Set<String> paths(Router router) {
    List<String[]> templates = new ArrayList<>();
    Set<String> literals = new TreeSet<>(List.of("x1", "api", "_search", "v1", "secret"));
    for (Route route : router.getRoutes()) {
      if (route.getPath() != null && route.methods() != null && !route.methods().isEmpty()) {
        String[] segments = route.getPath().substring(1).split("/", -1);
        templates.add(segments);
        for (String segment : segments) {
          if (!segment.startsWith(":")) {
            literals.add(segment);
          }
        }
      }
    }
    Set<String> paths = new LinkedHashSet<>(List.of("/", "/x", "/.well-known", "/.well-known/openid-configuration/"));
    for (String[] template : templates) {
      List<String> filled = new ArrayList<>(List.of(fill(template, "x1", -1, null)));
      for (int i = 0; i < template.length; i++) {
        if (template[i].startsWith(":")) {
          for (String literal : literals) {
            filled.add(fill(template, "x1", i, literal));
          }
        } else {
          filled.add(fill(template, "x1", i, "other"));
        }
      }
      for (String path : filled) {
        paths.add(path);
        paths.add(path + "/");
        paths.add(path + "/extra");
        paths.add(path.substring(0, path.lastIndexOf('/')));
        paths.add(path.replaceFirst("/", "//"));
        paths.add(path + "/.");
        paths.add(path + "/..");
        paths.add(path.replace("/v1/", "/v1/./"));
        paths.add(path.replace("/v1/", "/x/../v1/"));
        paths.add(path.replace("a", "%61"));
        paths.add(path.replace("x1", "x%2F1"));
      }
    }
    paths.removeIf(String::isEmpty);
    return paths;
  }

  /** The template with every parameter {@code value}, but the one at {@code at} (if any) {@code instead}. */
  private static String fill(String[] template, String value, int at, String instead) {
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < template.length; i++) {
      path.append('/').append(i == at ? instead : template[i].startsWith(":") ? value : template[i]);
    }
    return path.toString();
  }

  private Future<Integer> listen(Handler<HttpServerRequest> handler) {
    HttpServer server = vertx.createHttpServer().requestHandler(handler);
    servers.add(server);
    return server.listen(0, "127.0.0.1").map(HttpServer::actualPort);
  }

  private String answer(int port, HttpMethod method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method.name(), HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
