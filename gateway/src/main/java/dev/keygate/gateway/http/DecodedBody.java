package dev.keygate.gateway.http;

/** A request body decoded once, before authentication; {@code value} may be JSON {@code null}. */
public record DecodedBody(Object value) {}
