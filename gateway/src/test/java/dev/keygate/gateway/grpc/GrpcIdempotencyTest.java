package dev.keygate.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.grpc.proto.management.AddAPIAppRequest;
import dev.keygate.gateway.grpc.proto.management.AddAPIAppResponse;
import dev.keygate.gateway.testing.GrpcClient;
import dev.keygate.gateway.testing.GrpcClient.Reply;
import dev.keygate.gateway.testing.GrpcClient.Transport;
import dev.keygate.gateway.testing.GrpcGatewayTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Idempotency-Key as gRPC metadata: a retried AddAPIApp replays the first answer, secret included. */
class GrpcIdempotencyTest extends GrpcGatewayTest {

  private String project;

  @BeforeAll
  void createProject() {
    project = gateway.tenants().project(acme, "grpc-idempotent");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aRetryWithTheSameKeyReplaysTheFirstAnswerAndAnotherBodyIsRefused(Transport transport) {
    Map<String, String> metadata = new LinkedHashMap<>(GrpcClient.bearer(acme.pat()));
    metadata.put("idempotency-key", "\"grpc-retry-" + transport + "\"");
    AddAPIAppRequest request = AddAPIAppRequest.newBuilder().setProjectId(project).setName("once-" + transport).build();

    Reply first = grpc.call(transport, GrpcManagementTest.MANAGEMENT + "AddAPIApp", request, metadata);
    Reply retry = grpc.call(transport, GrpcManagementTest.MANAGEMENT + "AddAPIApp", request, metadata);

    assertThat(first.code()).as(first.message()).isZero();
    assertThat(retry.code()).as(retry.message()).isZero();
    AddAPIAppResponse created = first.as(AddAPIAppResponse.parser());
    AddAPIAppResponse replayed = retry.as(AddAPIAppResponse.parser());
    assertThat(replayed.getAppId()).isEqualTo(created.getAppId());
    assertThat(replayed.getClientSecret()).isEqualTo(created.getClientSecret()).isNotEmpty();

    Reply other = grpc.call(transport, GrpcManagementTest.MANAGEMENT + "AddAPIApp",
        request.toBuilder().setName("other-" + transport).build(), metadata);
    assertThat(other.code()).as("the key was used for another request").isNotZero();
  }
}
