package dev.keygate.gateway.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;

/**
 * The first field of a decoded v2 request that Keygate's .proto files do not declare: a part of ZITADEL's message
 * Keygate does not serve (a human's phone, an OIDC setting, a newer field). Protobuf's decoder keeps such a field as
 * unknown and protojson's printer drops it, so without this check the call would run as if the caller had not set
 * it; it is answered {@code unimplemented} instead, as the contract answers the filters it does not serve.
 */
final class UnservedFields {

  private UnservedFields() {}

  /** {@code field 3 of zitadel.user.v2.CreateUserRequest.Human}, or null when every field is declared. */
  static String first(Message message) {
    Map<Integer, ?> unknown = message.getUnknownFields().asMap();
    if (!unknown.isEmpty()) {
      return "field " + unknown.keySet().iterator().next() + " of " + message.getDescriptorForType().getFullName();
    }
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      Iterable<?> values = field.getKey().isRepeated() ? (Iterable<?>) field.getValue()
          : List.of(field.getValue());
      for (Object value : values) {
        String inner = first((Message) value);
        if (inner != null) {
          return inner;
        }
      }
    }
    return null;
  }
}
