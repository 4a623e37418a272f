package dev.keygate.gateway.oracle;

import dev.keygate.gateway.service.commerce.CommerceApplications;
import dev.keygate.gateway.service.commerce.CommerceSessions;
import dev.keygate.store.CommerceApplication;
import dev.keygate.store.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Oracle's objects as its admin API writes them: application IDs, their keys and the access tokens of a login. */
final class OracleRenderer {

  private static final DateTimeFormatter CREATION_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
      .withZone(ZoneOffset.UTC);

  private OracleRenderer() {}

  /** An application ID as Oracle shows it; {@code key} only in the answers that issue one. */
  static JsonObject applicationId(CommerceApplication application, String key) {
    JsonObject json = new JsonObject()
        .put("id", application.id())
        .put("repositoryId", application.id())
        .put("name", application.name())
        .put("type", application.type())
        .put("inUse", false)
        .put("external", false)
        .put("creationTime", CREATION_TIME.format(application.createdAt()))
        .put("createdBy", new JsonObject()
            .put("firstName", application.createdByFirstName())
            .put("lastName", application.createdByLastName())
            .put("repositoryId", application.createdById())
            .put("id", application.createdById()));
    if (key != null) {
      json.put("token", key);
    }
    if (application.keyExpiresAt() != null) {
      json.put("expirationTime", application.keyExpiresAt().getEpochSecond());
    }
    return json;
  }

  static JsonObject applicationId(CommerceApplication application) {
    return applicationId(application, null);
  }

  /** A page of application IDs, never with their keys. */
  static JsonObject applicationIds(Page<CommerceApplication> page, long offset, int limit) {
    JsonArray items = new JsonArray();
    page.items().forEach(application -> items.add(applicationId(application)));
    return new JsonObject().put("items", items).put("totalResults", page.total()).put("offset", offset)
        .put("limit", limit);
  }

  /** genAuthToken's answer: the new key alone, with its expiry. */
  static JsonObject newKey(CommerceApplications.WithKey rekeyed) {
    JsonObject json = new JsonObject().put("token", rekeyed.key());
    if (rekeyed.application().keyExpiresAt() != null) {
      json.put("expirationTime", rekeyed.application().keyExpiresAt().getEpochSecond());
    }
    return json;
  }

  /** A login's or refresh's access token; {@code self} is the URL the client called. */
  static JsonObject accessToken(CommerceSessions.Login login, String self) {
    return new JsonObject().put("access_token", login.accessToken()).put("token_type", "bearer")
        .put("expires_in", login.expiresIn())
        .put("links", new JsonArray().add(new JsonObject().put("rel", "self").put("href", self)));
  }
}
