/**
 * The domain rules, with no HTTP in sight. The root holds tenancy and the resources the management APIs change
 * (instances, projects, apps, users, secret rotation); each other concern has its room: {@code access},
 * {@code credential}, {@code token}, {@code crypto}, {@code ecosystem}, {@code commerce}, {@code idempotency}. Surfaces
 * call these services and translate their {@link dev.keygate.gateway.domain.DomainException}s into their own wire
 * errors; each service is given only the store areas it uses ({@code ProjectStore}, {@code CredentialLookup}, ...).
 */
package dev.keygate.gateway.service;
