package dev.keygate.gateway.docs;

import dev.keygate.gateway.http.contract.ApiContract;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.Operation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One API surface as the landing page and the docs page list it, read from its contract (the single source of truth):
 * its id (the contract's file name), a display name (the contract's title without the "Keygate" in front), the base
 * paths its operations live under, and where its contract is served.
 */
record DocumentedSurface(String id, String name, List<String> basePaths, String contractUrl) {

  private static final Pattern VERSION = Pattern.compile("v\\d+");

  static DocumentedSurface of(ApiContract contract) {
    String title = contract.openApi().getRawContract().getJsonObject("info").getString("title", contract.surface());
    List<String> paths = contract.openApi().operations().stream().map(Operation::getOpenAPIPath).distinct().toList();
    return new DocumentedSurface(contract.surface(), displayName(title), basePaths(paths),
        "/openapi/" + contract.surface() + ".yaml");
  }

  /** "Keygate — ZITADEL system API (v1)" and "Keygate OAuth endpoints" become "ZITADEL system API (v1)", "OAuth …". */
  static String displayName(String title) {
    String name = title.strip();
    if (name.startsWith("Keygate")) {
      name = name.substring("Keygate".length()).strip();
      if (name.startsWith("—") || name.startsWith("-")) {
        name = name.substring(1).strip();
      }
    }
    return name.isEmpty() ? title.strip() : name;
  }

  /**
   * The paths grouped by their first segment, each group reduced to the segments all its paths share before the
   * first path parameter, and to no more than its version segment: {@code /management/v1/projects…} and
   * {@code /management/v1/users…} give {@code /management/v1}, {@code /system/v1/instances…} alone gives
   * {@code /system/v1}; a group of one unversioned path, such as {@code /.well-known/openid-configuration}, stays
   * whole.
   */
  static List<String> basePaths(List<String> paths) {
    Map<String, List<String>> common = new LinkedHashMap<>();
    for (String path : paths.stream().sorted().toList()) {
      List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).takeWhile(s -> !s.contains("{"))
          .toList();
      if (segments.isEmpty()) {
        continue;
      }
      common.merge(segments.get(0), new ArrayList<>(segments), DocumentedSurface::sharedPrefix);
    }
    return common.values().stream().map(DocumentedSurface::upToVersion)
        .map(segments -> "/" + String.join("/", segments)).toList();
  }

  private static List<String> upToVersion(List<String> segments) {
    for (int i = 0; i < segments.size(); i++) {
      if (VERSION.matcher(segments.get(i)).matches()) {
        return segments.subList(0, i + 1);
      }
    }
    return segments;
  }

  private static List<String> sharedPrefix(List<String> a, List<String> b) {
    int n = 0;
    while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) {
      n++;
    }
    return new ArrayList<>(a.subList(0, n));
  }

  /** The docs page with this surface's contract selected (Swagger UI reads {@code urls.primaryName}). */
  String docsUrl() {
    return ApiDocs.PAGE + "/?urls.primaryName=" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  JsonObject json() {
    return new JsonObject().put("id", id).put("name", name).put("basePaths", new JsonArray(basePaths))
        .put("contract", contractUrl).put("docs", docsUrl());
  }
}
