package dev.keygate.store;

import java.time.Instant;

/**
 * That a credential was used at {@code at}. {@code credentialId} names the credential uniquely across instances: a
 * PAT's, key's or client token's id, an application key's id, or a secret's keyed hash (a machine user's or an API
 * app's, current or previous).
 */
public record CredentialUse(String instanceId, String credentialId, Instant at) {}
