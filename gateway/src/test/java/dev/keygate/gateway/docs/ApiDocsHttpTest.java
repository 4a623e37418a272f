package dev.keygate.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The landing page, the docs page and its files over plain HTTP, on the store of the run: what a browser and a script
 * get from {@code /}, {@code /docs} and the Swagger UI files, and that every other unknown path still gets the 404 it
 * got before there was a landing page.
 */
class ApiDocsHttpTest extends GatewayTest {

  private static final List<String> CONTRACTS = List.of("zitadel-system", "zitadel-management", "zitadel-admin",
      "zitadel-auth", "droplit", "oauth", "oracle-ccadmin", "zitadel-v2");
  private static final Pattern LINK = Pattern.compile("(?:href|src)=\"([^\"]+)\"");
  private static final String FALLBACK_404 = new JsonObject().put("code", 5).put("message", "Not Found").encode();

  private Response get(String path, Map<String, String> headers) {
    return http.send("GET", path, headers, null, null);
  }

  private static List<String> links(String html) {
    List<String> links = new ArrayList<>();
    Matcher matcher = LINK.matcher(html);
    while (matcher.find()) {
      links.add(matcher.group(1).replace("&amp;", "&"));
    }
    return links;
  }

  @Test
  void theLandingPageLinksTheDocsAndEveryContractAndEachLinkAnswers() {
    Response page = get("/", Map.of("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("content-type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.header("vary")).isEqualTo("Accept");
    assertThat(page.header("content-security-policy")).contains("default-src 'none'");
    List<String> links = links(page.body());
    assertThat(links).contains("/docs", "/healthz");
    for (String contract : CONTRACTS) {
      assertThat(links).contains("/openapi/" + contract + ".yaml");
    }
    assertThat(page.body()).contains("ZITADEL management API (v1)", "<code>/management/v1</code>",
        "ZITADEL admin API (v1)", "<code>/admin/v1</code>", "ZITADEL auth API (v1)", "<code>/auth/v1</code>",
        "<code>/ccadmin/v1</code>", "<code>/api</code>", "<code>/oauth/v2</code>");
    // the page's only link that is not to this server: an empty icon, so that browsers do not ask for /favicon.ico
    assertThat(links).filteredOn(link -> !link.startsWith("/")).containsExactly("data:,");
    for (String link : links.stream().filter(link -> link.startsWith("/")).toList()) {
      assertThat(get(link, Map.of()).status()).as("GET %s, linked from the landing page", link).isEqualTo(200);
    }
  }

  @Test
  void withoutAnAcceptHeaderTheLandingPageIsHtml() {
    Response page = get("/", Map.of());

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("content-type")).startsWith("text/html");
    assertThat(page.body()).startsWith("<!DOCTYPE html>");
  }

  @Test
  void overPlainHttpThePagesSendNoHsts() {
    // HSTS is for pages that came over TLS (TlsTest); over plain HTTP a browser must ignore it, so it is not sent
    for (String path : List.of("/", "/docs", "/docs/")) {
      Response page = get(path, Map.of());
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.header("strict-transport-security")).as(path).isNull();
    }
  }

  @Test
  void askedForJsonTheLandingPageListsEverySurfaceWithItsBasePathsAndContract() {
    Response answer = get("/", Map.of("accept", "application/json"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("content-type")).isEqualTo("application/json");
    JsonObject json = answer.json();
    assertThat(json.getString("docs")).isEqualTo("/docs");
    assertThat(json.getString("health")).isEqualTo("/healthz");
    Map<String, JsonObject> surfaces = json.getJsonArray("surfaces").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(s -> s.getString("id"), s -> s));
    assertThat(surfaces).containsOnlyKeys(CONTRACTS);
    assertThat(basePaths(surfaces.get("zitadel-system"))).containsExactly("/system/v1");
    assertThat(basePaths(surfaces.get("zitadel-management"))).containsExactly("/management/v1");
    assertThat(basePaths(surfaces.get("zitadel-admin"))).containsExactly("/admin/v1");
    assertThat(basePaths(surfaces.get("zitadel-auth"))).containsExactly("/auth/v1");
    assertThat(basePaths(surfaces.get("droplit"))).containsExactly("/api");
    assertThat(basePaths(surfaces.get("oracle-ccadmin"))).containsExactly("/ccadmin/v1");
    assertThat(basePaths(surfaces.get("oauth"))).containsExactlyInAnyOrder("/oauth/v2",
        "/.well-known/openid-configuration");
    // the v2 contract's methods sit at the root: each service's procedure prefix is a base path
    assertThat(basePaths(surfaces.get("zitadel-v2"))).contains("/zitadel.user.v2.UserService",
        "/zitadel.application.v2.ApplicationService", "/zitadel.project.v2.ProjectService").hasSize(7);
    assertThat(surfaces.get("zitadel-management").getString("name")).isEqualTo("ZITADEL management API (v1)");
    for (JsonObject surface : surfaces.values()) {
      Response contract = get(surface.getString("contract"), Map.of());
      assertThat(contract.status()).as(surface.encode()).isEqualTo(200);
      assertThat(contract.header("content-type")).isEqualTo("application/yaml");
      assertThat(contract.body()).contains("openapi: 3.").contains("- url: /\n");
      assertThat(surface.getString("docs")).startsWith("/docs/?urls.primaryName=");
    }
  }

  @Test
  void theAcceptHeadersWeightsDecide() {
    assertThat(get("/", Map.of("accept", "text/html;q=0.4, application/json")).header("content-type"))
        .isEqualTo("application/json");
    assertThat(get("/", Map.of("accept", "application/json;q=0.4, text/html")).header("content-type"))
        .startsWith("text/html");
    assertThat(get("/", Map.of("accept", "application/problem+json")).header("content-type"))
        .isEqualTo("application/json");
  }

  private static List<String> basePaths(JsonObject surface) {
    return surface.getJsonArray("basePaths").stream().map(String.class::cast).toList();
  }

  @Test
  void theDocsPageListsEveryContractAndLoadsOnlyFilesOfThisServer() {
    for (String path : List.of("/docs", "/docs/")) {
      Response page = get(path, Map.of());

      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.header("content-type")).isEqualTo("text/html; charset=utf-8");
      assertThat(page.header("cache-control")).isEqualTo("no-cache");
      assertThat(page.header("content-security-policy")).contains("script-src 'self'", "connect-src 'self'");
      Matcher data = Pattern.compile("<script type=\"application/json\" id=\"keygate-contracts\">(.*?)</script>")
          .matcher(page.body());
      assertThat(data.find()).as(page.body()).isTrue();
      JsonArray urls = new JsonObject(data.group(1)).getJsonArray("urls");
      assertThat(urls.stream().map(u -> ((JsonObject) u).getString("url")).toList())
          .containsExactlyInAnyOrderElementsOf(CONTRACTS.stream().map(c -> "/openapi/" + c + ".yaml").toList());
      List<String> links = links(page.body());
      assertThat(links).hasSize(7).allMatch(link -> link.startsWith("/docs/"), "is a file of this server's /docs");
    }
  }

  @Test
  void theDocsFilesHaveTheirContentTypesAndVersionedFilesAreKeptForAYear() {
    Response page = get("/docs", Map.of());
    Map<String, String> types = Map.of(".css", "text/css", ".js", "javascript", ".png", "image/png");
    for (String link : links(page.body())) {
      Response file = get(link, Map.of());
      assertThat(file.status()).as(link).isEqualTo(200);
      String extension = link.substring(link.lastIndexOf('.'));
      assertThat(file.header("content-type")).as(link).contains(types.get(extension));
      if (!extension.equals(".png")) {
        assertThat(file.header("content-type")).as(link).containsIgnoringCase("charset=utf-8");
      }
      if (link.startsWith("/docs/swagger-ui/")) {
        assertThat(file.header("cache-control")).as(link).contains("max-age=31536000").contains("immutable");
        Response again = get(link, Map.of("if-modified-since", file.header("last-modified")));
        assertThat(again.status()).as("%s revalidated", link).isEqualTo(304);
      } else {
        assertThat(link).isEqualTo("/docs/keygate-docs.js");
        assertThat(file.header("cache-control")).isEqualTo("no-cache");
        assertThat(file.body()).contains("SwaggerUIBundle(", "validatorUrl: null");
      }
    }
  }

  @Test
  void swaggerUisOwnIndexAndOtherFilesUnderDocsAreNotServed() {
    String assets = links(get("/docs", Map.of()).body()).stream().filter(l -> l.endsWith("/swagger-ui.css"))
        .findFirst().orElseThrow().replace("/swagger-ui.css", "");
    for (String path : List.of(assets + "/index.html", assets + "/swagger-initializer.js", assets + "/",
        assets + "/../../openapi/zitadel-system.yaml", "/docs/nope", "/docs/swagger-ui/0.0.0/swagger-ui.css")) {
      Response response = get(path, Map.of());
      assertThat(response.status()).as(path).isEqualTo(404);
      assertThat(response.body()).as(path).isEqualTo(FALLBACK_404);
    }
  }

  @Test
  void otherUnknownPathsKeepTheirNotFoundAnswers() {
    for (String path : List.of("/elsewhere", "/index.html", "/docs.html", "/openapi/nope.yaml")) {
      Response response = get(path, Map.of("accept", "text/html"));
      assertThat(response.status()).as(path).isEqualTo(404);
      assertThat(response.body()).as(path).isEqualTo(FALLBACK_404);
    }
    Response post = http.send("POST", "/", Map.of(), "{}", "application/json");
    assertThat(post.status()).isEqualTo(404);
    assertThat(post.body()).isEqualTo(FALLBACK_404);
    // the surfaces answer their own unknown paths, in their own shapes, as before
    Map<String, String> surfaceAnswers = Map.of(
        "/management/v1/nope", FALLBACK_404,
        "/system/v1/nope", FALLBACK_404,
        "/api/nope", "{\"error\":\"NotFound\",\"message\":\"Route Not Found\",\"parameters\":[]}",
        "/ccadmin/v1/nope", "{\"errorCode\":\"30002\",\"message\":\"No such endpoint.\",\"status\":\"404\"}",
        "/oauth/v2/nope", "{\"error\":\"invalid_request\",\"error_description\":\"no such endpoint\"}");
    surfaceAnswers.forEach((path, body) -> {
      Response response = get(path, Map.of("accept", "text/html"));
      assertThat(response.status()).as(path).isEqualTo(404);
      assertThat(response.header("content-type")).as(path).isEqualTo("application/json");
      assertThat(response.body()).as(path).isEqualTo(body);
    });
  }
}
