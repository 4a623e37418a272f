/**
 * Primitives with no store and no rules, which every room may use: random secrets, keyed secret hashes, password
 * hashes, machine key pairs and ids.
 */
package dev.keygate.gateway.service.crypto;
