package dev.keygate.gateway.http.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.ContractCheck;
import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HEAD wherever GET is served (RFC 9110 §9.3.2): the site's pages, the contracts, the docs and their files, the
 * surfaces' GET operations and the management port answer HEAD with GET's status and headers (Content-Length
 * included) and no body, on HTTP/1.1 and on HTTP/2 (the JDK client's cleartext upgrade), where Vert.x would send the
 * body.
 */
class HeadRequestsTest extends GatewayTest {

  private static final Pattern SWAGGER_CSS = Pattern.compile("href=\"(/docs/swagger-ui/[^\"]+/swagger-ui\\.css)\"");
  /** Headers that differ between any two answers. */
  private static final List<String> PER_ANSWER = List.of("date", "x-request-id", ":status");

  private String project;
  private String swaggerCss;

  @BeforeAll
  void objects() {
    project = gateway.tenants().project(acme, "head");
    Matcher css = SWAGGER_CSS.matcher(http.get("/docs", null).body());
    assertThat(css.find()).isTrue();
    swaggerCss = css.group(1);
  }

  @ParameterizedTest
  @EnumSource(HttpClient.Version.class)
  void everyPageOfTheMainPortAnswersHeadAsGetWithoutTheBody(HttpClient.Version version) {
    HttpClient client = client(version);
    Map<String, String> none = Map.of();
    for (String path : List.of("/", "/healthz", "/openapi/zitadel-system.yaml", "/openapi/zitadel-management.yaml",
        "/openapi/droplit.yaml", "/openapi/oauth.yaml", "/openapi/oracle-ccadmin.yaml", "/docs", "/docs/",
        "/docs/keygate-docs.js", swaggerCss, "/no-such-page", "/docs/no-such-file")) {
      assertHeadAnswersAsGet(client, gateway.port(), path, none);
    }
    assertHeadAnswersAsGet(client, gateway.port(), "/", Map.of("accept", "application/json"));
  }

  @ParameterizedTest
  @EnumSource(HttpClient.Version.class)
  void theSurfacesGetOperationsAnswerHeadAsGetWithoutTheBody(HttpClient.Version version) {
    HttpClient client = client(version);
    int port = gateway.port();
    Map<String, String> pat = Map.of("authorization", "Bearer " + acme.pat());
    assertHeadAnswersAsGet(client, port, "/management/v1/projects/" + project, pat);
    assertHeadAnswersAsGet(client, port, "/management/v1/projects/" + project, Map.of());
    assertHeadAnswersAsGet(client, port, "/management/v1/projects/404404404", pat);
    assertHeadAnswersAsGet(client, port, "/system/v1/instances/" + acme.instanceId(),
        Map.of("authorization", "Bearer " + TestGateway.SYSTEM_TOKEN));
    assertHeadAnswersAsGet(client, port, "/api/ecosystems", Map.of("authorization", acme.pat()));
    assertHeadAnswersAsGet(client, port, "/ccadmin/v1/registry", Map.of());
    assertHeadAnswersAsGet(client, port, "/oauth/v2/keys", Map.of());
    assertHeadAnswersAsGet(client, port, "/.well-known/openid-configuration", Map.of());
    // a path that takes no GET refuses HEAD as it refuses GET
    assertHeadAnswersAsGet(client, port, "/management/v1/projects", pat);
  }

  @ParameterizedTest
  @EnumSource(HttpClient.Version.class)
  void theManagementPortAnswersHeadAsGetWithoutTheBody(HttpClient.Version version) {
    HttpClient client = client(version);
    for (String path : List.of("/health/live", "/health/ready", "/health/started", "/no-such-page")) {
      assertHeadAnswersAsGet(client, gateway.managementPort(), path, Map.of());
    }
    // a scrape changes with every call, so only its status and type can be the same
    Response metrics = exchange(client, gateway.managementPort(), "HEAD", "/metrics", Map.of());
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("content-type")).startsWith("text/plain");
    assertThat(Long.parseLong(metrics.header("content-length"))).isPositive();
    assertThat(metrics.body()).isEmpty();
  }

  /** The tests' own client checks an answer to HEAD against the GET operation of the contract. */
  @Test
  void theTestClientChecksHeadAgainstTheGetOperation() {
    Response head = http.send("HEAD", "/management/v1/projects/" + project, Map.of("authorization",
        "Bearer " + acme.pat()), null, null);

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(ContractCheck.problems("HEAD", "/management/v1/projects/" + project, 200,
        Map.of("content-type", List.of("application/json")), "{}")).contains("HEAD answered with a body");
    // checked as GET /oauth/v2/keys, which documents no 201 (a HEAD operation would be no operation at all)
    assertThat(ContractCheck.problems("HEAD", "/oauth/v2/keys", 201, Map.of("content-type",
        List.of("application/json")), "")).contains("201");
  }

  /** On HTTP/1.1 the JDK client never reads a body after HEAD, so only the bytes on the wire can show there is none. */
  @Test
  void onHttp11NothingFollowsTheHeaders() throws IOException {
    String answer = raw(gateway.port(), "HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\ncontent-length: 15\r\n").endsWith("\r\n\r\n");
  }

  private static HttpClient client(HttpClient.Version version) {
    return HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static void assertHeadAnswersAsGet(HttpClient client, int port, String path, Map<String, String> headers) {
    Response get = exchange(client, port, "GET", path, headers);
    Response head = exchange(client, port, "HEAD", path, headers);

    assertThat(head.status()).as("HEAD %s", path).isEqualTo(get.status());
    assertThat(head.body()).as("HEAD %s", path).isEmpty();
    assertThat(comparable(head)).as("HEAD %s", path).isEqualTo(comparable(get));
    assertThat(head.header("content-length")).as("HEAD %s", path)
        .isEqualTo(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
  }

  private static Map<String, List<String>> comparable(Response response) {
    Map<String, List<String>> headers = new TreeMap<>(response.headers());
    PER_ANSWER.forEach(headers::remove);
    return headers;
  }

  private static Response exchange(HttpClient client, int port, String method, String path,
                                   Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.version()).as("%s %s", method, path).isEqualTo(client.version());
      String problems = ContractCheck.problems(method, path, response.statusCode(), response.headers().map(),
          response.body());
      assertThat(problems).as("%s %s breaks the contract", method, path).isEmpty();
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Everything the server sends until it closes the connection. */
  private static String raw(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
