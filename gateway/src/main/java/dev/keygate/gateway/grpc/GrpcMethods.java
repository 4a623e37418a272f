package dev.keygate.gateway.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.keygate.gateway.grpc.proto.management.ManagementProto;
import dev.keygate.gateway.grpc.proto.system.SystemProto;
import dev.keygate.gateway.grpc.proto.v2.application.ApplicationV2Proto;
import dev.keygate.gateway.grpc.proto.v2.instance.InstanceV2Proto;
import dev.keygate.gateway.grpc.proto.v2.org.OrgV2Proto;
import dev.keygate.gateway.grpc.proto.v2.project.ProjectV2Proto;
import dev.keygate.gateway.grpc.proto.v2.user.UserV2Proto;
import dev.keygate.gateway.grpc.proto.v2beta.app.AppV2betaProto;
import dev.keygate.gateway.grpc.proto.v2beta.project.ProjectV2betaProto;
import dev.keygate.gateway.http.contract.ApiContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gRPC methods Keygate serves, bound to the operations of the ZITADEL contracts by name: in the v1 contracts the
 * {@code operationId} is ZITADEL's method name, in the v2 contract its full name ({@code zitadel.user.v2.UserService.
 * CreateUser}). Built once at start; it refuses to start when a method has no operation, an operation has no method,
 * or a path parameter is no field of the request, so the wire forms cannot drift apart silently.
 */
public final class GrpcMethods {

  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
  /** Keygate's .proto files of the v2 services (src/main/proto/zitadel/<area>/<version>/keygate.proto). */
  private static final List<FileDescriptor> V2_SERVICES = List.of(UserV2Proto.getDescriptor(),
      ProjectV2Proto.getDescriptor(), ProjectV2betaProto.getDescriptor(), ApplicationV2Proto.getDescriptor(),
      AppV2betaProto.getDescriptor(), OrgV2Proto.getDescriptor(), InstanceV2Proto.getDescriptor());

  private final Map<String, GrpcMethod> byFullName;

  private GrpcMethods(Map<String, GrpcMethod> byFullName) {
    this.byFullName = byFullName;
  }

  /**
   * The methods of ZITADEL's v1 SystemService and ManagementService, from the system and management contracts, and
   * of the v2 services, from the v2 contract (whose methods Connect serves too).
   */
  public static GrpcMethods zitadel(ApiContract system, ApiContract management, ApiContract v2) {
    Map<String, GrpcMethod> methods = new HashMap<>();
    bind(List.of(SystemProto.getDescriptor().findServiceByName("SystemService")), system, false, methods);
    bind(List.of(ManagementProto.getDescriptor().findServiceByName("ManagementService")), management, false,
        methods);
    bind(V2_SERVICES.stream().flatMap(file -> file.getServices().stream()).toList(), v2, true, methods);
    return new GrpcMethods(Map.copyOf(methods));
  }

  /** The method of a full name {@code package.Service/Method}, or null. */
  GrpcMethod find(String fullName) {
    return byFullName.get(fullName);
  }

  Collection<GrpcMethod> all() {
    return byFullName.values();
  }

  int size() {
    return byFullName.size();
  }

  /**
   * Binds every method of the services to the contract's operation of its name: the bare method name in v1's
   * contracts, the full name in v2's ({@code fullNames}), whose methods are Connect's too.
   */
  private static void bind(List<ServiceDescriptor> services, ApiContract contract, boolean fullNames,
                           Map<String, GrpcMethod> into) {
    Map<String, Operation> operations = new HashMap<>();
    for (Operation operation : contract.openApi().operations()) {
      operations.put(operation.getOperationId(), operation);
    }
    for (ServiceDescriptor service : services) {
      for (MethodDescriptor method : service.getMethods()) {
        String operationId = fullNames ? service.getFullName() + "." + method.getName() : method.getName();
        Operation operation = operations.remove(operationId);
        if (operation == null) {
          throw new IllegalStateException(service.getFullName() + "/" + method.getName() + " has no operation in "
              + contract.surface());
        }
        String fullName = service.getFullName() + "/" + method.getName();
        into.put(fullName, new GrpcMethod(fullName, method.getInputType(), method.getOutputType(),
            operation.getHttpMethod(), operation.getOpenAPIPath(),
            pathFields(method.getInputType(), operation.getOpenAPIPath()), fullNames,
            (String) operation.getExtensions().get("x-zitadel-rest")));
      }
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
