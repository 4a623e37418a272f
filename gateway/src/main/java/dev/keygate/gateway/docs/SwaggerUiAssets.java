package dev.keygate.gateway.docs;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.Set;

/**
 * Swagger UI's files, served from the {@code org.webjars:swagger-ui} jar under a path that names its version
 * ({@code /docs/swagger-ui/5.34.1/…}): a new version is a new URL, so browsers may keep each file for a year
 * without asking again. Only the files the docs page loads are served; the webjar's own index page (which would load
 * a demo API from the internet) is not.
 */
final class SwaggerUiAssets {

  private static final String POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
  private static final Set<String> FILES = Set.of("swagger-ui.css", "index.css", "swagger-ui-bundle.js",
      "swagger-ui-standalone-preset.js", "favicon-16x16.png", "favicon-32x32.png");
  private static final long A_YEAR = 365L * 24 * 3600;
  private static final String TEXT_ENCODING = "UTF-8";

  private final String version;

  private SwaggerUiAssets(String version) {
    this.version = version;
  }

  /** The webjar on the class path; a build without it fails at start-up, not on the first page view. */
  static SwaggerUiAssets fromClassPath() {
    Properties pom = new Properties();
    try (InputStream in = SwaggerUiAssets.class.getClassLoader().getResourceAsStream(POM)) {
      if (in == null) {
        throw new IllegalStateException("org.webjars:swagger-ui is not on the class path (" + POM + ")");
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SwaggerUiAssets(pom.getProperty("version"));
  }

  /** Where the page finds the files. */
  String path() {
    return ApiDocs.PAGE + "/swagger-ui/" + version;
  }

  void mount(Router router, Handler<RoutingContext> notFound) {
    StaticHandler files = StaticHandler.create(FileSystemAccess.RELATIVE,
            "META-INF/resources/webjars/swagger-ui/" + version)
        .setCachingEnabled(true)
        .setMaxAgeSeconds(A_YEAR)
        .setDirectoryListing(false)
        .setIncludeHidden(false)
        .setDefaultContentEncoding(TEXT_ENCODING);
    router.get(path() + "/*").handler(rc -> {
      String file = rc.pathParam("*");
      if (!FILES.contains(file)) {
        notFound.handle(rc);
        return;
      }
      if (rc.request().method() == HttpMethod.HEAD) {
        // StaticHandler answers HEAD before it sets the type it sends with GET
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType(file));
      }
      rc.next();
    }).handler(files);
  }

  /** The type StaticHandler gives the file with GET. */
  private static String contentType(String file) {
    String type = MimeMapping.mimeTypeForFilename(file);
    return type.startsWith("text") ? type + ";charset=" + TEXT_ENCODING : type;
  }
}
