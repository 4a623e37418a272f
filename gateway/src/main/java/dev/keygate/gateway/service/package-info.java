/**
 * The domain rules, with no HTTP in sight: tenancy, authentication of tokens, permissions, ids, secrets, keys. Surfaces
 * call these services and translate {@link dev.keygate.gateway.service.DomainException}s into their own wire errors;
 * services talk to the store only through the {@link dev.keygate.store.KeygateStore} SPI.
 */
package dev.keygate.gateway.service;
