package dev.keygate.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.keygate.gateway.grpc.proto.v2.application.ApplicationV2Proto;
import dev.keygate.gateway.grpc.proto.v2.instance.InstanceV2Proto;
import dev.keygate.gateway.grpc.proto.v2.org.OrgV2Proto;
import dev.keygate.gateway.grpc.proto.v2.project.ProjectV2Proto;
import dev.keygate.gateway.grpc.proto.v2.user.UserV2Proto;
import dev.keygate.gateway.grpc.proto.v2beta.app.AppV2betaProto;
import dev.keygate.gateway.grpc.proto.v2beta.project.ProjectV2betaProto;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Keygate's v2 .proto files carry exactly the fields of the zitadel-v2 contract, message by message: a binary call
 * (Connect's proto form, gRPC, gRPC-Web) is printed as protojson and validated by the contract, so a field the
 * contract has and the .proto lacks could never arrive in binary, and one the .proto has and the contract lacks would
 * be refused only in binary. Enum names the contract takes must be the .proto's; dates must be Timestamps.
 */
class V2ProtoContractTest {

  private static final List<FileDescriptor> FILES = List.of(UserV2Proto.getDescriptor(),
      ProjectV2Proto.getDescriptor(), ProjectV2betaProto.getDescriptor(), ApplicationV2Proto.getDescriptor(),
      AppV2betaProto.getDescriptor(), OrgV2Proto.getDescriptor(), InstanceV2Proto.getDescriptor());

  private final Map<String, Object> contract = load();
  private final List<String> mismatches = new ArrayList<>();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load() {
    try (InputStream in = V2ProtoContractTest.class.getResourceAsStream("/openapi/zitadel-v2.yaml")) {
      return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyV2OperationHasAMethodWhoseMessagesHaveTheContractsFields() {
    Map<String, Object> paths = (Map<String, Object>) contract.get("paths");
    Set<String> methods = new TreeSet<>();
    for (FileDescriptor file : FILES) {
      for (ServiceDescriptor service : file.getServices()) {
        for (MethodDescriptor method : service.getMethods()) {
          String path = "/" + service.getFullName() + "/" + method.getName();
          methods.add(path);
          Map<String, Object> post = (Map<String, Object>) ((Map<String, Object>) paths.get(path)).get("post");
          Map<String, Object> request = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
              ((Map<String, Object>) post.get("requestBody")).get("content")).get("application/json")).get("schema");
          Map<String, Object> response = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
              ((Map<String, Object>) ((Map<String, Object>) post.get("responses")).get("200")).get("content"))
              .get("application/json")).get("schema");
          compare(path + " request", request, method.getInputType());
          compare(path + " response", response, method.getOutputType());
        }
      }
    }

    assertThat(methods).isEqualTo(new TreeSet<>(paths.keySet()));
    assertThat(mismatches).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> deref(Map<String, Object> schema) {
    while (schema.containsKey("$ref")) {
      String name = ((String) schema.get("$ref")).substring("#/components/schemas/".length());
      schema = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) contract.get("components"))
          .get("schemas")).get(name);
    }
    return schema;
  }

  @SuppressWarnings("unchecked")
  private void compare(String where, Map<String, Object> schema, Descriptor message) {
    Map<String, Object> properties = (Map<String, Object>) deref(schema).getOrDefault("properties", Map.of());
    Set<String> fields = message.getFields().stream().map(FieldDescriptor::getJsonName)
        .collect(Collectors.toCollection(TreeSet::new));
    if (!fields.equals(new TreeSet<>(properties.keySet()))) {
      mismatches.add(where + " (" + message.getFullName() + "): contract " + new TreeSet<>(properties.keySet())
          + ", proto " + fields);
      return;
    }
    for (FieldDescriptor field : message.getFields()) {
      Map<String, Object> property = deref((Map<String, Object>) properties.get(field.getJsonName()));
      String at = where + "." + field.getJsonName();
      if ("array".equals(property.get("type")) != field.isRepeated()) {
        mismatches.add(at + ": repeated in one, not in the other");
        continue;
      }
      Map<String, Object> item = field.isRepeated() ? deref((Map<String, Object>) property.get("items")) : property;
      compareValue(at, item, field);
    }
  }

  @SuppressWarnings("unchecked")
  private void compareValue(String at, Map<String, Object> schema, FieldDescriptor field) {
    String type = (String) schema.get("type");
    switch (field.getJavaType()) {
      case MESSAGE -> {
        String name = field.getMessageType().getFullName();
        if (name.equals("google.protobuf.Timestamp")) {
          expect(at, "date-time".equals(schema.get("format")), "a date-time string for a Timestamp");
        } else if (name.equals("google.protobuf.Duration")) {
          expect(at, "string".equals(type), "a string for a Duration");
        } else {
          compare(at, schema, field.getMessageType());
        }
      }
      case ENUM -> {
        Set<String> names = field.getEnumType().getValues().stream().map(EnumValueDescriptor::getName)
            .collect(Collectors.toSet());
        List<Object> values = (List<Object>) schema.getOrDefault("enum", List.of());
        for (Object value : values) {
          expect(at, !(value instanceof String name) || names.contains(name), "enum name " + value + " in "
              + field.getEnumType().getFullName());
        }
      }
      case BOOLEAN -> expect(at, "boolean".equals(type), "a boolean");
      case BYTE_STRING -> expect(at, "byte".equals(schema.get("format")), "a base64 (format byte) string");
      case INT, LONG -> expect(at, "integer".equals(type) || "string".equals(type), "a number or decimal string");
      default -> expect(at, "string".equals(type), "a string");
    }
  }

  private void expect(String at, boolean holds, String what) {
    if (!holds) {
      mismatches.add(at + ": the contract should say " + what);
    }
  }
}
