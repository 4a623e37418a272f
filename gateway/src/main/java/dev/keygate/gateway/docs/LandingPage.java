package dev.keygate.gateway.docs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.ParsedHeaderValue;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/**
 * What {@code GET /} answers: a small HTML page linking the docs, the contracts and the surfaces, or the same as JSON
 * when the client prefers {@code application/json}. Both are rendered once, at start-up: they only change with the
 * contracts.
 */
final class LandingPage {

  private static final String HTML_TYPE = "text/html; charset=utf-8";
  private static final String JSON_TYPE = "application/json";
  /** The page has no script and no external resource: nothing but its own inline style and empty icon may load. */
  private static final String HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

  private final String html;
  private final String json;

  LandingPage(List<DocumentedSurface> surfaces) {
    this.json = json(surfaces).encode();
    this.html = html(surfaces);
  }

  void handle(RoutingContext rc) {
    boolean asJson = prefersJson(rc.parsedHeaders().accept());
    ApiDocs.strictTransportOverTls(rc);
    rc.response()
        .putHeader("content-type", asJson ? JSON_TYPE : HTML_TYPE)
        .putHeader("cache-control", "no-cache")
        .putHeader("vary", "Accept");
    if (!asJson) {
      rc.response().putHeader("content-security-policy", HTML_POLICY).putHeader("x-content-type-options", "nosniff");
    }
    rc.response().end(asJson ? json : html);
  }

  /**
   * The first media range of the Accept header (Vert.x orders them by weight) that is JSON or HTML decides; a
   * browser's {@code text/html,…,*}{@code /*} gets the page, {@code Accept: application/json} the JSON, no Accept
   * header the page.
   */
  static boolean prefersJson(List<? extends ParsedHeaderValue> accept) {
    for (ParsedHeaderValue range : accept) {
      if (range.weight() <= 0) {
        continue;
      }
      String value = range.value().toLowerCase(Locale.ROOT);
      if (value.equals(JSON_TYPE) || value.endsWith("+json")) {
        return true;
      }
      if (value.equals("text/html") || value.equals("application/xhtml+xml") || value.equals("text/*")
          || value.equals("*/*")) {
        return false;
      }
    }
    return false;
  }

  static JsonObject json(List<DocumentedSurface> surfaces) {
    JsonArray list = new JsonArray();
    surfaces.forEach(surface -> list.add(surface.json()));
    return new JsonObject()
        .put("name", "Keygate")
        .put("docs", ApiDocs.PAGE)
        .put("health", "/healthz")
        .put("surfaces", list);
  }

  private static String html(List<DocumentedSurface> surfaces) {
    StringBuilder rows = new StringBuilder();
    for (DocumentedSurface surface : surfaces) {
      StringBuilder paths = new StringBuilder();
      for (String path : surface.basePaths()) {
        paths.append(paths.length() == 0 ? "" : " ").append("<code>").append(escape(path)).append("</code>");
      }
      rows.append("      <tr><td><a href=\"").append(escape(surface.docsUrl())).append("\">")
          .append(escape(surface.name())).append("</a></td><td>").append(paths)
          .append("</td><td><a href=\"").append(escape(surface.contractUrl())).append("\"><code>")
          .append(escape(surface.contractUrl())).append("</code></a></td></tr>\n");
    }
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Keygate</title>
          <!-- no icon: otherwise browsers ask for /favicon.ico, which is not ours to answer -->
          <link rel="icon" href="data:,">
          <style>
            body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem;
                   color: #222; }
            table { border-collapse: collapse; width: 100%; }
            th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
            code { font-size: .95em; white-space: nowrap; }
          </style>
        </head>
        <body>
          <h1>Keygate</h1>
          <p>API credentials in the wire dialects of ZITADEL, Droplit and Oracle Commerce, and OAuth endpoints.</p>
          <p><a href="/console">Console</a>: manage tenants, projects, apps, machine users and their credentials in
             the browser, with the same APIs.</p>
          <p><a href="{{docs}}">API docs</a>: every contract in Swagger UI, with “Try it out” against this server.
             Health: <a href="/healthz"><code>/healthz</code></a>.</p>
          <table>
            <thead><tr><th>Surface</th><th>Base path</th><th>Contract (OpenAPI 3)</th></tr></thead>
            <tbody>
        {{rows}}    </tbody>
          </table>
        </body>
        </html>
        """.replace("{{docs}}", ApiDocs.PAGE).replace("{{rows}}", rows);
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
