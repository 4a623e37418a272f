package dev.keygate.gateway.http.contract;

import java.util.Locale;

public final class MediaTypes {

  private MediaTypes() {}

  /** The media type without parameters, lower case; null when absent. */
  static final String FORM = "application/x-www-form-urlencoded";

  public static String essence(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  static boolean isJson(String essence) {
    return essence != null && (essence.equals("application/json") || essence.endsWith("+json"));
  }

  public static boolean isJsonOrAbsent(String contentType) {
    String essence = essence(contentType);
    return essence == null || essence.isEmpty() || isJson(essence);
  }
}
