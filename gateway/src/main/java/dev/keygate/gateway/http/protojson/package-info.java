/**
 * protojson's reading of a request body, for the surfaces whose vendor decodes with it (ZITADEL): both field names,
 * enums by name or number, 64-bit integers as strings or numbers, compiled per operation from the contract; and
 * protojson's timestamp text for answers.
 */
package dev.keygate.gateway.http.protojson;
