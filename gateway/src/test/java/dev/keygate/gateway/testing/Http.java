package dev.keygate.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * A blocking HTTP client for tests (the JDK's, so nothing of Keygate's own stack is on the client side). Every
 * response is checked against its contract; a response that breaks the contract fails the test that received it.
 */
public final class Http {

  private final HttpClient client;
  private final String base;

  public Http(int port) {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), "http://127.0.0.1:" + port);
  }

  private Http(HttpClient client, String base) {
    this.client = client;
    this.base = base;
  }

  /** A client of {@code https://127.0.0.1:port} that trusts what {@code tls} trusts, in this HTTP version. */
  public static Http overTls(int port, SSLContext tls, HttpClient.Version version) {
    return new Http(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).version(version)
        .build(), "https://127.0.0.1:" + port);
  }

  public String base() {
    return base;
  }

  public Response get(String path, String token) {
    return send("GET", path, bearer(token), null, null);
  }

  public Response delete(String path, String token) {
    return send("DELETE", path, bearer(token), null, null);
  }

  public Response post(String path, String token, JsonObject body) {
    return send("POST", path, bearer(token), body == null ? null : body.encode(), "application/json");
  }

  public Response put(String path, String token, JsonObject body) {
    return send("PUT", path, bearer(token), body == null ? null : body.encode(), "application/json");
  }

  /** A form POST (application/x-www-form-urlencoded), fields URL-encoded in the given order. */
  public Response form(String path, Map<String, String> headers, Map<String, String> fields) {
    String body = fields.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    return send("POST", path, headers, body, "application/x-www-form-urlencoded");
  }

  /** HTTP Basic as RFC 6749 wants it for OAuth clients: each part URL-encoded, then base64. */
  public static Map<String, String> basic(String clientId, String secret) {
    String pair = encode(clientId) + ":" + encode(secret);
    return new LinkedHashMap<>(Map.of("authorization",
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  public static Map<String, String> bearer(String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (token != null) {
      headers.put("authorization", "Bearer " + token);
    }
    return headers;
  }

  /** Any request: raw body text and content type (null for none), extra headers as given. */
  public Response send(String method, String path, Map<String, String> headers, String body, String contentType) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("content-type", contentType);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String problems = ContractResponses.problems(method, path, response);
      assertThat(problems).as("%s %s answered %s %s, which breaks the contract", method, path,
          response.statusCode(), response.body()).isEmpty();
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
