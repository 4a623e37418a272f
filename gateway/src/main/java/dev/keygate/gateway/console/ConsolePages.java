package dev.keygate.gateway.console;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the console: {@code /console} (its one page) and {@code /console/<file>} (its modules and style sheet), read
 * from the jar once at start-up and kept in memory, a few dozen kilobytes. The page is a client of the public APIs
 * like any script: this class adds no endpoint that reads or writes anything.
 *
 * <p>Every answer carries a strict Content-Security-Policy: scripts and styles only from this origin, no inline code
 * and no {@code eval}, no frame may embed the console, and Trusted Types are required, so that no string can become
 * markup or script (the console builds its DOM with {@code createElement} and text nodes only and needs no policy).
 * The page is never cached ({@code no-store}); the files are revalidated by their ETag, a hash of their bytes.
 */
public final class ConsolePages {

  /** The console's path. */
  public static final String PAGE = "/console";

  static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'none'; frame-ancestors 'none'; "
      + "base-uri 'none'; require-trusted-types-for 'script'; trusted-types 'none'";

  /** The files under {@code console/} in the jar, besides the page; anything else under the path is a 404. */
  static final List<String> FILES = List.of("console.css", "app.js", "dom.js", "api.js", "router.js", "format.js",
      "widgets.js", "session.js", "screens/signin.js", "screens/instances.js", "screens/orgs.js",
      "screens/projects.js", "screens/app.js", "screens/users.js", "screens/user.js", "screens/droplit.js",
      "screens/oracle.js", "screens/events.js", "screens/credentials.js", "favicon.svg");

  private final Asset page;
  private final Map<String, Asset> files = new HashMap<>();

  private ConsolePages() {
    page = Asset.read("console/index.html");
    FILES.forEach(name -> files.put(name, Asset.read("console/" + name)));
  }

  /** Reads the console's files; a build without one of them fails at start-up, not on the first visit. */
  public static ConsolePages fromClassPath() {
    return new ConsolePages();
  }

  /** Adds {@code /console}, {@code /console/} and the console's files; other paths below get {@code notFound}. */
  public void mount(Router router, Handler<RoutingContext> notFound) {
    router.get(PAGE).handler(rc -> serve(rc, page, "no-store"));
    router.get(PAGE + "/").handler(rc -> serve(rc, page, "no-store"));
    router.get(PAGE + "/*").handler(rc -> {
      Asset file = files.get(rc.pathParam("*"));
      if (file == null) {
        notFound.handle(rc);
      } else {
        serve(rc, file, "no-cache");
      }
    });
  }

  private static void serve(RoutingContext rc, Asset asset, String caching) {
    HttpServerResponse response = rc.response()
        .putHeader("content-security-policy", POLICY)
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("x-frame-options", "DENY")
        .putHeader("referrer-policy", "no-referrer")
        .putHeader("cross-origin-opener-policy", "same-origin")
        .putHeader("cache-control", caching)
        .putHeader("etag", asset.etag());
    if (rc.request().isSSL()) {
      response.putHeader("strict-transport-security", "max-age=31536000");
    }
    if (asset.etag().equals(rc.request().getHeader("if-none-match"))) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader("content-type", asset.type()).end(asset.bytes());
  }

  /** One file: its bytes, type and a strong ETag. */
  private record Asset(Buffer bytes, String type, String etag) {

    static Asset read(String name) {
      try (InputStream in = ConsolePages.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("missing console file " + name);
        }
        byte[] bytes = in.readAllBytes();
        return new Asset(Buffer.buffer(bytes), typeOf(name), '"' + sha256(bytes) + '"');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String typeOf(String name) {
      if (name.endsWith(".html")) {
        return "text/html; charset=utf-8";
      }
      if (name.endsWith(".js")) {
        return "text/javascript; charset=utf-8";
      }
      if (name.endsWith(".css")) {
        return "text/css; charset=utf-8";
      }
      if (name.endsWith(".svg")) {
        return "image/svg+xml";
      }
      throw new IllegalArgumentException("no type for " + name);
    }

    private static String sha256(byte[] bytes) {
      try {
        return Base64.getUrlEncoder().withoutPadding()
            .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 22);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
