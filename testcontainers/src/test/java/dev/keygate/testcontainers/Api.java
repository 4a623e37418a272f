package dev.keygate.testcontainers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** The test's side of Keygate's APIs: plain java.net.http requests, answers read with the module's {@link Json}. */
final class Api {

  /** An answer: its status and body. */
  record Answer(int status, String body) {

    Map<String, Object> json() {
      return Json.object(Json.parse(body));
    }

    String string(String key) {
      return Json.string(json(), key);
    }

    @Override
    public String toString() {
      return status + " " + (body.length() > 600 ? body.substring(0, 600) + "…" : body);
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private Api() {}

  static Answer get(String url, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (bearer != null) {
      request.header("authorization", "Bearer " + bearer);
    }
    return send(request);
  }

  static Answer post(String url, String bearer, String json) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("authorization", "Bearer " + bearer)
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static Answer put(String url, String bearer) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("authorization", "Bearer " + bearer)
        .PUT(HttpRequest.BodyPublishers.noBody()));
  }

  /** A form POST with HTTP Basic client authentication, as OAuth's token and introspection endpoints take it. */
  static Answer form(String url, String user, String password, Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach((field, value) -> body.append(body.length() == 0 ? "" : "&").append(field).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(URI.create(url)).header("authorization", "Basic " + basic)
        .header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  private static Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
