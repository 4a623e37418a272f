package dev.keygate.gateway.http;

import io.vertx.core.http.HttpServerRequest;

/**
 * The issuer URL of a request: the scheme and authority the client called, without a trailing slash. Each ZITADEL
 * instance is its own issuer, so Keygate has one per host it is reached on; OAuth discovery announces it, client
 * assertions and system users' JWTs must name it as their audience. One definition, so that the audience a JWT must
 * carry is always what discovery says for the same host.
 */
public final class Issuer {

  private Issuer() {}

  public static String of(HttpServerRequest request) {
    return request.scheme() + "://" + request.authority();
  }
}
