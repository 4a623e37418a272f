package dev.keygate.gateway;

import dev.keygate.gateway.service.token.SystemUserTokens;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code KEYGATE_SYSTEM_USERS} into each system user's public key (PEM), once at start: a JSON object of user
 * id to {@code {"keyData": "<base64 of the PEM>"}} or {@code {"path": "<PEM file>"}}, the form ZITADEL itself takes
 * for {@code SystemAPIUsers} as JSON (its keys in any case, so ZITADEL's {@code KeyData} and {@code Path} work too).
 * ZITADEL's {@code Memberships} are taken only when each is of {@code MemberType} {@code System}: Keygate's system API
 * has no narrower grants, and a restriction it cannot honour must stop the start rather than grant more.
 *
 * <p>Every refusal is an {@link IllegalArgumentException} whose message names the setting and the user, and never a
 * key's content.
 */
final class SystemUsersSetting {

  private SystemUsersSetting() {}

  /** The system users of the setting, their keys checked; fails naming the setting and the user. */
  static SystemUserTokens load(String value, Clock clock) {
    Map<String, String> keys = read(value);
    try {
      return SystemUserTokens.of(keys, clock);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  /** User id → PEM text; empty when the setting is absent. Reads the files named by {@code path} now. */
  static Map<String, String> read(String value) {
    Map<String, String> keys = new LinkedHashMap<>();
    if (value == null || value.isBlank()) {
      return keys;
    }
    JsonObject users;
    try {
      users = new JsonObject(value);
    } catch (DecodeException e) {
      throw invalid("must be a JSON object of user id to {\"keyData\": …} or {\"path\": …}");
    }
    for (String user : users.fieldNames()) {
      if (user.isBlank()) {
        throw invalid("a user id is empty");
      }
      if (!(users.getValue(user) instanceof JsonObject entry)) {
        throw invalid("user '" + user + "' must be an object with keyData or path");
      }
      keys.put(user, publicKey(user, entry));
    }
    return keys;
  }

  private static String publicKey(String user, JsonObject entry) {
    String keyData = null;
    String path = null;
    for (String field : entry.fieldNames()) {
      Object value = entry.getValue(field);
      switch (field.toLowerCase(Locale.ROOT)) {
        case "keydata" -> keyData = text(user, field, value);
        case "path" -> path = text(user, field, value);
        case "memberships" -> checkMemberships(user, value);
        default -> throw invalid("user '" + user + "' has an unknown field '" + field + "' (keyData, path)");
      }
    }
    if ((keyData == null) == (path == null)) {
      throw invalid("user '" + user + "' needs exactly one of keyData and path");
    }
    if (path != null) {
      try {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        throw invalid("user '" + user + "': cannot read the key file " + path + " (" + e.getClass().getSimpleName()
            + ")");
      }
    }
    if (keyData.strip().startsWith("-----BEGIN")) {
      return keyData; // the PEM itself, which some of ZITADEL's users write there too
    }
    try {
      return new String(Base64.getMimeDecoder().decode(keyData), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("user '" + user + "': keyData is not base64 (of the PEM public key)");
    }
  }

  private static String text(String user, String field, Object value) {
    if (!(value instanceof String text) || text.isBlank()) {
      throw invalid("user '" + user + "': " + field + " must be a non-empty string");
    }
    return text;
  }

  private static void checkMemberships(String user, Object value) {
    if (value == null) {
      return;
    }
    boolean systemOnly = value instanceof JsonArray list && list.stream().allMatch(m ->
        m instanceof JsonObject membership && membership.fieldNames().stream().anyMatch(name ->
            name.equalsIgnoreCase("memberType") && "System".equalsIgnoreCase(membership.getString(name))));
    if (!systemOnly) {
      throw invalid("user '" + user + "': only memberships of MemberType System are supported (every system user "
          + "holds every system permission)");
    }
  }

  private static IllegalArgumentException invalid(String reason) {
    return new IllegalArgumentException(KeygateConfig.SYSTEM_USERS + ": " + reason);
  }
}
