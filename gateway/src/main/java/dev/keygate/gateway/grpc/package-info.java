/**
 * ZITADEL's system and management API over gRPC (HTTP/2) and gRPC-Web (HTTP/1.1 and HTTP/2), on the REST port. A
 * call is decoded from protobuf, printed as protojson and run through the very REST route of the same operation
 * (authentication, organization, permission, contract validation, services) as an internal request; the JSON answer
 * is parsed back into the response message, and a ZITADEL error body becomes the gRPC status, message and details.
 * There is no second validator and no second handler: the contracts stay the single source of truth.
 */
package dev.keygate.gateway.grpc;
