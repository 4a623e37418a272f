package dev.keygate.gateway.edge;

import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A JSON POST whose body is bytes that are not UTF-8 (the test client's strings always are). */
final class RawPost {

  private RawPost() {}

  static Response json(Http http, String path, String token) {
    byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.base()
              + path)).header("content-type", "application/json").header("authorization", "Bearer " + token)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
