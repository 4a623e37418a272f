package dev.keygate.store;

import java.time.Instant;

/** A public key of an API app, for private_key_jwt client authentication. The private half is never stored. */
public record AppKey(String instanceId, String orgId, String projectId, String appId, String id, String publicKeyPem,
                     Instant expiresAt, Instant createdAt) {}
