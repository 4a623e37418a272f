package dev.keygate.gateway.zitadel.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Calls v2 methods the way ZITADEL's OpenAPI-generated SDKs (Java and Node, 4.1) do: {@code POST} to the procedure
 * path, {@code Content-Type: application/json}, a bearer token, no {@code Connect-Protocol-Version}, no org header.
 */
final class Connect {

  private final Http http;

  Connect(Http http) {
    this.http = http;
  }

  /** {@code procedure} is {@code zitadel.<package>.<Service>/<Method>}. */
  Response call(String procedure, String token, JsonObject body) {
    Map<String, String> headers = Http.bearer(token);
    headers.put("accept", "application/json");
    headers.put("user-agent", "zitadel-client/4.1.2 (lang=java; lang_version=17)");
    return http.send("POST", "/" + procedure, headers, body.encode(), "application/json");
  }

  /** A successful call's body. */
  JsonObject ok(String procedure, String token, JsonObject body) {
    Response response = call(procedure, token, body);
    assertThat(response.status()).as(procedure + " answered " + response).isEqualTo(200);
    return response.json();
  }

  /**
   * An error ZITADEL's code raised: Connect's code, {@code "<text> (<id>)"}, one {@code zitadel.v1.ErrorDetail}
   * whose base64 value decodes to the id and the text.
   */
  static void assertConnectError(Response response, int status, String code, String text, String id) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("content-type")).startsWith("application/json");
    JsonObject json = response.json();
    assertThat(json.getString("code")).as(response.toString()).isEqualTo(code);
    assertThat(json.getString("message")).isEqualTo(text + " (" + id + ")");
    JsonArray details = json.getJsonArray("details");
    assertThat(details).as(response.toString()).hasSize(1);
    assertThat(details.getJsonObject(0).getString("type")).isEqualTo("zitadel.v1.ErrorDetail");
    byte[] detail = Base64.getDecoder().decode(details.getJsonObject(0).getString("value"));
    String decoded = new String(detail, StandardCharsets.UTF_8);
    assertThat(decoded).contains(id, text);
    assertThat(detail[0]).as("field 1 (id), length-delimited").isEqualTo((byte) 0x0A);
  }

  /** An error without an id (validation, a missing token): code and message, no details. */
  static void assertPlainConnectError(Response response, int status, String code, String message) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    JsonObject json = response.json();
    assertThat(json.getString("code")).as(response.toString()).isEqualTo(code);
    if (message != null) {
      assertThat(json.getString("message")).isEqualTo(message);
    }
    assertThat(json.containsKey("details")).as("plain errors carry no details: " + response).isFalse();
  }
}
