package dev.keygate.gateway.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.vertx.core.http.HttpMethod;
import java.util.List;

/**
 * One gRPC method and the REST route that serves it: the contract operation of the same name. The path parameters of
 * the route ({@code {projectId}}, {@code {id}}, …) are fields of the request message, named as the parameter is (the
 * protojson name of the field); they go into the path and out of the body, as grpc-gateway maps them. A v2 method
 * ({@code connect}) is served over Connect as well, and its route is its own path: the whole message is the body;
 * {@code rest} is ZITADEL's REST mapping of it ({@code GET /v2/users/{user_id}}), or null.
 */
record GrpcMethod(String fullName, Descriptor input, Descriptor output, HttpMethod httpMethod, String pathTemplate,
                  List<FieldDescriptor> pathFields, boolean connect, String rest) {

  /** Whether the route takes a body (GET and DELETE take none). */
  boolean hasBody() {
    return httpMethod != HttpMethod.GET && httpMethod != HttpMethod.DELETE;
  }
}
