package dev.keygate.gateway.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;

/**
 * The instance host a request names, in ZITADEL's order: {@code x-zitadel-instance-host}, then {@code Host}
 * ({@code :authority}), then the oldest {@code host=} of {@code Forwarded}. Lower case, without port. HTTP/2 requests
 * (h2c included, and every gRPC call) carry no {@code Host} header: Vert.x gives their {@code :authority} as
 * {@link HttpServerRequest#authority()}.
 */
public final class InstanceHost {

  private InstanceHost() {}

  public static String of(HttpServerRequest request) {
    String host = request.getHeader("x-zitadel-instance-host");
    if (host == null || host.isBlank()) {
      host = request.getHeader("host");
    }
    if ((host == null || host.isBlank()) && request.authority() != null && !request.authority().host().isBlank()) {
      String authority = request.authority().host().toLowerCase(Locale.ROOT); // already without port
      return authority.contains(":") && !authority.startsWith("[") ? "[" + authority + "]" : authority;
    }
    if (host == null || host.isBlank()) {
      host = forwardedHost(request.getHeader("forwarded"));
    }
    return host == null || host.isBlank() ? null : withoutPort(host.trim()).toLowerCase(Locale.ROOT);
  }

  private static String forwardedHost(String forwarded) {
    if (forwarded == null) {
      return null;
    }
    String first = forwarded.split(",", 2)[0];
    for (String pair : first.split(";")) {
      String[] kv = pair.trim().split("=", 2);
      if (kv.length == 2 && kv[0].equalsIgnoreCase("host")) {
        return kv[1].replace("\"", "");
      }
    }
    return null;
  }

  private static String withoutPort(String host) {
    if (host.startsWith("[")) { // IPv6 literal
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }
}
