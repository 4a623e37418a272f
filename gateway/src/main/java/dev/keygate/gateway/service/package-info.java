/**
 * The domain rules, with no HTTP in sight: tenancy, authentication of tokens, permissions, ids, secrets, keys. Surfaces
 * call these services and translate their {@link dev.keygate.gateway.domain.DomainException}s into their own wire
 * errors; each service talks to the store only through the SPI areas it needs ({@code ProjectStore},
 * {@code CredentialLookup}, ...), never through the whole {@link dev.keygate.store.KeygateStore}.
 */
package dev.keygate.gateway.service;
