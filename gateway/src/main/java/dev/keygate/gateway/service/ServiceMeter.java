package dev.keygate.gateway.service;

/**
 * What the services count for operators, without knowing how it is exported (the metrics port of the services:
 * the wiring hands them an implementation backed by the metrics registry, or {@link #NONE}). Each event is one
 * constant, so counting it is an array index and an add, with nothing allocated and no name looked up.
 */
public interface ServiceMeter {

  /** The outcomes counted; none carries a tenant, an id or a secret. */
  enum Event {
    TOKEN_ISSUED, TOKEN_REFUSED, INTROSPECTION_ACTIVE, INTROSPECTION_INACTIVE,
    OAUTH_CLIENT_AUTHENTICATION_FAILED, COMMERCE_LOGIN_FAILED, BEARER_TOKEN_REFUSED
  }

  void count(Event event);

  /** Counts nothing (metrics off). */
  ServiceMeter NONE = event -> { };
}
