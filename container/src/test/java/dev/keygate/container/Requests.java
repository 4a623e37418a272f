package dev.keygate.container;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** HTTP as the README's curl steps send it, for the tests that drive a Keygate in a container; and free ports. */
final class Requests {

  /** HTTP/1.1, as curl speaks it to Keygate. */
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private Requests() {}

  /** An answer: its status and body, shortened when printed. */
  record Answer(int status, String body) {

    JsonObject json() {
      return new JsonObject(body);
    }

    @Override
    public String toString() {
      return status + " " + (body.length() > 600 ? body.substring(0, 600) + "…" : body);
    }
  }

  static Answer post(String url, String bearer, JsonObject body) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("authorization", "Bearer " + bearer)
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  /** A form POST with HTTP Basic authentication, as OAuth's token and introspection endpoints take it. */
  static Answer form(String url, String user, String password, Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach((field, value) -> body.append(body.length() == 0 ? "" : "&").append(field).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(URI.create(url)).header("authorization", "Basic " + basic)
        .header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  static Answer send(HttpRequest.Builder request) {
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

  /** Whether {@code /health/ready} on this management port answers 200 now (false while nothing listens). */
  static boolean ready(int management) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/health/ready"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
