package dev.keygate.store;

import java.time.Instant;

/** An access token revoked before its end; kept until {@code expiresAt}, after which it is dead anyway. */
public record RevokedToken(String instanceId, String tokenId, Instant expiresAt) {}
