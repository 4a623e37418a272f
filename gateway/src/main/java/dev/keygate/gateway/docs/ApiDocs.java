package dev.keygate.gateway.docs;

import dev.keygate.gateway.http.contract.ApiContract;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The browsable API docs at {@code /docs} (Swagger UI over the five served contracts, "Try it out" against this
 * server, since every contract's server URL is relative) and the landing page at {@code /}. Swagger UI comes from its
 * webjar on the class path ({@link SwaggerUiAssets}): nothing is loaded from another origin.
 */
public final class ApiDocs {

  /** The docs page. */
  public static final String PAGE = "/docs";
  /** Our Swagger UI configuration, a file of its own so that the page runs no inline script. */
  static final String INITIALIZER = "/docs/keygate-docs.js";
  /**
   * Swagger UI needs inline styles (React sets style attributes) and images as data URLs; everything else, the
   * contracts and the requests of "Try it out" included, comes from this origin.
   */
  static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  /**
   * HSTS (RFC 6797) for a year, on the pages for people when they came over TLS: a browser that saw it goes to
   * {@code https://} by itself next time. Never sent over plain HTTP, where it means nothing (and would be forged).
   */
  static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

  private final List<DocumentedSurface> surfaces;
  private final SwaggerUiAssets assets;
  private final String page;
  private final String initializer;

  private ApiDocs(List<DocumentedSurface> surfaces, SwaggerUiAssets assets) {
    this.surfaces = surfaces;
    this.assets = assets;
    this.page = Resources.text("docs/index.html")
        .replace("{{assets}}", assets.path())
        .replace("{{initializer}}", INITIALIZER)
        .replace("{{contracts}}", scriptSafe(swaggerUrls(surfaces)));
    this.initializer = Resources.text("docs/keygate-docs.js");
  }

  /** The docs of these contracts, listed by name. */
  public static ApiDocs of(Collection<ApiContract> contracts) {
    List<DocumentedSurface> surfaces = contracts.stream().map(DocumentedSurface::of)
        .sorted(Comparator.comparing(DocumentedSurface::name)).toList();
    return new ApiDocs(surfaces, SwaggerUiAssets.fromClassPath());
  }

  /**
   * Adds {@code /}, {@code /docs}, {@code /docs/} and the docs' files to a router, in the calling verticle's context;
   * a path under {@code /docs/} that is none of them gets {@code notFound}, the router's answer to unknown paths.
   */
  public void mount(Router router, Handler<RoutingContext> notFound) {
    LandingPage landing = new LandingPage(surfaces);
    router.get("/").handler(landing::handle);
    router.get(PAGE).handler(this::page);
    router.get(PAGE + "/").handler(this::page);
    router.get(INITIALIZER).handler(rc -> rc.response()
        .putHeader("content-type", "text/javascript; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-content-type-options", "nosniff")
        .end(initializer));
    assets.mount(router, notFound);
  }

  /** The page changes with the contracts and the Swagger UI version, so it is revalidated, never kept stale. */
  private void page(RoutingContext rc) {
    strictTransportOverTls(rc);
    rc.response()
        .putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("content-security-policy", PAGE_POLICY)
        .putHeader("x-content-type-options", "nosniff")
        .end(page);
  }

  /** The HSTS header, when the request came over TLS. */
  static void strictTransportOverTls(RoutingContext rc) {
    if (rc.request().isSSL()) {
      rc.response().putHeader("strict-transport-security", STRICT_TRANSPORT_SECURITY);
    }
  }

  /** Swagger UI's {@code urls} option: one entry per contract, which its "Select a definition" box lists. */
  static JsonObject swaggerUrls(List<DocumentedSurface> surfaces) {
    JsonArray urls = new JsonArray();
    surfaces.forEach(surface -> urls.add(new JsonObject().put("url", surface.contractUrl()).put("name",
        surface.name())));
    return new JsonObject().put("urls", urls);
  }

  /** JSON inside a {@code <script>} element must not be able to close it. */
  private static String scriptSafe(JsonObject json) {
    return json.encode().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }
}
