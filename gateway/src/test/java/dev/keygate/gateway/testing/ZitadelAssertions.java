package dev.keygate.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Asserts ZITADEL's exact error shape. */
public final class ZitadelAssertions {

  private ZitadelAssertions() {}

  /** A ZITADEL-raised error: {@code "<text> (<id>)"} plus one ErrorDetail {id, text}. */
  public static void assertError(Response response, int httpStatus, int grpcCode, String text, String id) {
    assertThat(response.status()).as(response.toString()).isEqualTo(httpStatus);
    JsonObject json = response.json();
    assertThat(json.getInteger("code")).as(response.toString()).isEqualTo(grpcCode);
    assertThat(json.getString("message")).isEqualTo(text + " (" + id + ")");
    JsonArray details = json.getJsonArray("details");
    assertThat(details).as(response.toString()).hasSize(1);
    assertThat(details.getJsonObject(0).getMap()).containsOnly(
        Map.entry("@type", "type.googleapis.com/zitadel.v1.ErrorDetail"),
        Map.entry("id", id),
        Map.entry("message", text));
    assertUnauthenticatedHeader(response);
  }

  /** A plain gRPC error (validation, missing auth header): no details. */
  public static void assertPlainError(Response response, int httpStatus, int grpcCode, String message) {
    assertThat(response.status()).as(response.toString()).isEqualTo(httpStatus);
    JsonObject json = response.json();
    assertThat(json.getInteger("code")).as(response.toString()).isEqualTo(grpcCode);
    assertThat(json.getString("message")).isEqualTo(message);
    assertThat(json.containsKey("details")).as("plain errors carry no details: " + response).isFalse();
    assertUnauthenticatedHeader(response);
  }

  private static void assertUnauthenticatedHeader(Response response) {
    if (response.status() == 401) {
      assertThat(response.header("www-authenticate")).isEqualTo(response.json().getString("message"));
    } else {
      assertThat(response.header("www-authenticate")).isNull();
    }
  }
}
