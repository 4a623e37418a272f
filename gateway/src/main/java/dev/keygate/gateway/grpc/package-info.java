/**
 * ZITADEL's other wire forms of the contracts' operations, on the REST port: the v1 system and management APIs and
 * the v2 services over gRPC (HTTP/2) and gRPC-Web (HTTP/1.1 and HTTP/2), the v2 services in Connect's binary form
 * ({@link ConnectProtoCall}) and at ZITADEL's REST mappings ({@link RestMappings}). A
 * call is decoded from protobuf, printed as protojson and run through the very JSON route of the same operation
 * (authentication, organization, permission, contract validation, services) as an internal request; the JSON answer
 * is parsed back into the response message, and a ZITADEL error body becomes the gRPC status, message and details.
 * There is no second validator and no second handler: the contracts stay the single source of truth.
 */
package dev.keygate.gateway.grpc;
