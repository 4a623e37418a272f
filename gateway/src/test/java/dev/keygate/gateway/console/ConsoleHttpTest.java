package dev.keygate.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.SingleStore;
import dev.keygate.gateway.testing.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's files over plain HTTP: the headers that make the page strict (CSP with Trusted Types and no inline
 * code, no framing, no caching of the page), every module the page and its modules import answering, revalidation by
 * ETag, and a 404 for anything else under {@code /console/}. It runs once: the store does not matter to a page.
 */
@SingleStore
class ConsoleHttpTest {

  private static final Pattern IMPORTED = Pattern.compile("from '(\\.{1,2}/[a-z/]+\\.js)'");
  private static final Pattern LINKED = Pattern.compile("(?:href|src)=\"/console/([^\"]+)\"");

  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static Response get(String path) {
    return gateway.http().send("GET", path, Map.of(), null, null);
  }

  @Test
  void thePageIsStrictAndNeverCached() {
    for (String path : List.of("/console", "/console/")) {
      Response page = get(path);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("content-type")).isEqualTo("text/html; charset=utf-8");
      assertThat(page.header("cache-control")).isEqualTo("no-store");
      String policy = page.header("content-security-policy");
      assertThat(policy).contains("default-src 'none'", "script-src 'self';", "style-src 'self';",
          "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "require-trusted-types-for 'script'",
          "trusted-types 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
      assertThat(page.header("x-frame-options")).isEqualTo("DENY");
      assertThat(page.header("x-content-type-options")).isEqualTo("nosniff");
      assertThat(page.header("referrer-policy")).isEqualTo("no-referrer");
      assertThat(page.body()).doesNotContain("<script>", "style=").doesNotContainPattern("<[^>]+\\son[a-z]+=");
    }
  }

  @Test
  void everyFileThePageAndItsModulesNameAnswersWithItsTypeAndAnEtag() {
    List<String> files = new ArrayList<>(matches(LINKED, get("/console").body()));
    List<String> seen = new ArrayList<>();
    while (!files.isEmpty()) {
      String file = files.remove(0);
      if (seen.contains(file)) {
        continue;
      }
      seen.add(file);
      Response response = get("/console/" + file);
      assertThat(response.status()).as("GET /console/%s", file).isEqualTo(200);
      assertThat(response.header("content-security-policy")).contains("default-src 'none'");
      assertThat(response.header("cache-control")).isEqualTo("no-cache");
      assertThat(response.header("etag")).matches("\"[A-Za-z0-9_-]{22}\"");
      if (file.endsWith(".js")) {
        assertThat(response.header("content-type")).isEqualTo("text/javascript; charset=utf-8");
        URI here = URI.create("/console/" + file);
        for (String imported : matches(IMPORTED, response.body())) {
          files.add(here.resolve(imported).getPath().substring("/console/".length()));
        }
      }
    }
    assertThat(seen).as("files reached from the page").contains("app.js", "console.css", "screens/signin.js");
    // the screens app.js loads by name when they are first shown
    for (String screen : List.of("instances", "orgs", "projects", "app", "users", "user", "droplit", "oracle",
        "events", "credentials")) {
      assertThat(get("/console/screens/" + screen + ".js").status()).as(screen).isEqualTo(200);
    }
  }

  @Test
  void anUnchangedFileIsNotSentAgainAndUnknownPathsAre404() {
    Response first = get("/console/app.js");
    Response again = gateway.http().send("GET", "/console/app.js", Map.of("if-none-match", first.header("etag")),
        null, null);
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    for (String path : List.of("/console/nothing.js", "/console/../pom.xml", "/console/screens/", "/console/index.html",
        "/console/%2e%2e/keygate.jar")) {
      assertThat(get(path).status()).as(path).isEqualTo(404);
    }
  }

  /** A file added to the console but not to the list it is served from would be a 404 in production. */
  @Test
  void everyFileOfTheConsoleIsServed() throws Exception {
    Path root = Path.of(ConsoleHttpTest.class.getClassLoader().getResource("console/index.html").toURI()).getParent();
    try (Stream<Path> files = Files.walk(root)) {
      List<String> present = files.filter(Files::isRegularFile).map(file -> root.relativize(file).toString())
          .filter(name -> !name.equals("index.html")).sorted().toList();
      assertThat(present).containsExactlyInAnyOrderElementsOf(ConsolePages.FILES);
    }
  }

  /** What the console never does: markup from strings, eval, storage that outlives the tab. */
  @Test
  void noFileBuildsMarkupFromStringsOrKeepsTheToken() throws IOException {
    for (String file : ConsolePages.FILES) {
      String text = resource("console/" + file);
      assertThat(text).as(file).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
          "eval(", "new Function", "localStorage", "sessionStorage", "document.cookie", "indexedDB");
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ConsoleHttpTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> matches(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }
}
