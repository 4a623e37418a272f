package dev.keygate.gateway.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.keygate.gateway.grpc.proto.management.ManagementProto;
import dev.keygate.gateway.grpc.proto.system.SystemProto;
import dev.keygate.gateway.http.contract.ApiContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gRPC methods Keygate serves, bound to the REST operations of the ZITADEL contracts by name: the contract's
 * {@code operationId} is ZITADEL's method name. Built once at start; it refuses to start when a method has no
 * operation, an operation has no method, or a path parameter is no field of the request, so the two wire forms
 * cannot drift apart silently.
 */
public final class GrpcMethods {

  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

  private final Map<String, GrpcMethod> byFullName;

  private GrpcMethods(Map<String, GrpcMethod> byFullName) {
    this.byFullName = byFullName;
  }

  /** The methods of ZITADEL's SystemService and ManagementService, from the system and management contracts. */
  public static GrpcMethods zitadel(ApiContract system, ApiContract management) {
    Map<String, GrpcMethod> methods = new HashMap<>();
    bind(SystemProto.getDescriptor().findServiceByName("SystemService"), system, methods);
    bind(ManagementProto.getDescriptor().findServiceByName("ManagementService"), management, methods);
    return new GrpcMethods(Map.copyOf(methods));
  }

  /** The method of a full name {@code package.Service/Method}, or null. */
  GrpcMethod find(String fullName) {
    return byFullName.get(fullName);
  }

  int size() {
    return byFullName.size();
  }

  private static void bind(ServiceDescriptor service, ApiContract contract, Map<String, GrpcMethod> into) {
    Map<String, Operation> operations = new HashMap<>();
    for (Operation operation : contract.openApi().operations()) {
      operations.put(operation.getOperationId(), operation);
    }
    for (MethodDescriptor method : service.getMethods()) {
      Operation operation = operations.remove(method.getName());
      if (operation == null) {
        throw new IllegalStateException(service.getFullName() + "/" + method.getName() + " has no operation in "
            + contract.surface());
      }
      String fullName = service.getFullName() + "/" + method.getName();
      into.put(fullName, new GrpcMethod(fullName, method.getInputType(), method.getOutputType(),
          operation.getHttpMethod(), operation.getOpenAPIPath(),
          pathFields(method.getInputType(), operation.getOpenAPIPath())));
    }
    if (!operations.isEmpty()) {
      throw new IllegalStateException(contract.surface() + " operations without a gRPC method: " + operations.keySet());
    }
  }

  private static List<FieldDescriptor> pathFields(Descriptor input, String template) {
    List<FieldDescriptor> fields = new ArrayList<>();
    Matcher parameter = PATH_PARAMETER.matcher(template);
    while (parameter.find()) {
      FieldDescriptor field = input.getFields().stream()
          .filter(candidate -> candidate.getJsonName().equals(parameter.group(1)))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(input.getFullName() + " has no field for {"
              + parameter.group(1) + "} of " + template));
      fields.add(field);
    }
    return List.copyOf(fields);
  }
}
