/** Droplit's model: ecosystems, their clients and the clients' tokens, with Droplit's object ids. */
package dev.keygate.gateway.service.ecosystem;
