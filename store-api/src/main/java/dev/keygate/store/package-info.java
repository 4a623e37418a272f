/**
 * The storage SPI: neutral domain records, one asynchronous interface per area (handed out by
 * {@link dev.keygate.store.KeygateStore}), the {@link dev.keygate.store.StoreProvider} a store registers itself with,
 * and typed {@link dev.keygate.store.StoreException}s. Nothing here knows HTTP or any vendor's wire format; every
 * lookup is keyed by instance (and organization where objects belong to one), so a tenant can only reach its own data.
 */
package dev.keygate.store;
