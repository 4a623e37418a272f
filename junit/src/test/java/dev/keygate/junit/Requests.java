package dev.keygate.junit;

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
import java.util.Map;
import java.util.stream.Collectors;

/** The few blocking requests the tests send, with the JDK's HTTP client, as a user's test would. */
final class Requests {

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** An answer: its status and body. */
  record Answer(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private Requests() {}

  static Answer get(String url, String bearer) {
    return send(builder(url, bearer).GET());
  }

  static Answer post(String url, String bearer, JsonObject body) {
    return send(builder(url, bearer).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  static Answer put(String url, String bearer) {
    return send(builder(url, bearer).PUT(HttpRequest.BodyPublishers.noBody()));
  }

  /** A form POST with HTTP Basic client authentication, as OAuth's token endpoint takes it. */
  static Answer form(String url, String clientId, String secret, Map<String, String> fields) {
    String basic = Base64.getEncoder().encodeToString((encode(clientId) + ":" + encode(secret))
        .getBytes(StandardCharsets.UTF_8));
    String body = fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("authorization", "Basic " + basic).header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static HttpRequest.Builder builder(String url, String bearer) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    return bearer == null ? builder : builder.header("authorization", "Bearer " + bearer);
  }

  private static Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
