package dev.keygate.gateway.zitadel;

import dev.keygate.gateway.http.protojson.InstantText;
import dev.keygate.gateway.service.SecretRotation;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Keygate's additions to ZITADEL's secret operations, in ZITADEL's own idiom: the optional request field
 * {@code previousSecretValidFor} (a protobuf Duration in its JSON form, {@code "3600s"}, {@code "0.5s"}) and the
 * read of a client's secrets (protobuf Timestamps, omitted when unset, as protojson does).
 */
public final class SecretRotationWire {

  static final String VALID_FOR = "previousSecretValidFor";

  private SecretRotationWire() {}

  /** The overlap a rotation asked for, or null (no field: ZITADEL's behaviour, the old secret stops at once). */
  public static Duration previousValidFor(JsonObject body) {
    String value = body.getString(VALID_FOR);
    if (value == null) {
      return null;
    }
    // the contract's pattern allows only digits, an optional fraction of up to 9 digits, and the final 's'
    BigDecimal seconds = new BigDecimal(value.substring(0, value.length() - 1));
    return Duration.ofSeconds(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
  }

  public static JsonObject render(SecretRotation.Secrets secrets) {
    JsonObject json = new JsonObject();
    if (secrets.current() != null) {
      json.put("secret", times(secrets.current()));
    }
    if (secrets.previous() != null) {
      json.put("previousSecret", times(secrets.previous()));
    }
    return json.put("details", ZitadelResponses.details(secrets.sequence(), null, secrets.changedAt(),
        secrets.orgId()));
  }

  private static JsonObject times(SecretRotation.SecretTimes times) {
    JsonObject json = new JsonObject().put("creationDate", InstantText.of(times.createdAt()));
    if (times.expiresAt() != null) {
      json.put("expirationDate", InstantText.of(times.expiresAt()));
    }
    if (times.lastUsedAt() != null) {
      json.put("lastUsedDate", InstantText.of(times.lastUsedAt()));
    }
    return json;
  }
}
