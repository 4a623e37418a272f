package dev.keygate.store;

import java.time.Instant;

/** A machine user's public key (PEM, X.509 SubjectPublicKeyInfo). The private half is never stored. */
public record MachineKey(String instanceId, String userId, String id, String type, String publicKeyPem,
                         Instant expiresAt, Instant createdAt) {}
