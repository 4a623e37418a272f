package dev.keygate.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import dev.keygate.gateway.grpc.proto.management.ClientSecretsResponse;
import dev.keygate.gateway.grpc.proto.management.EndMachineSecretOverlapRequest;
import dev.keygate.gateway.grpc.proto.management.GenerateMachineSecretRequest;
import dev.keygate.gateway.grpc.proto.management.GenerateMachineSecretResponse;
import dev.keygate.gateway.grpc.proto.management.GetMachineSecretsRequest;
import dev.keygate.gateway.testing.GrpcClient;
import dev.keygate.gateway.testing.GrpcClient.Reply;
import dev.keygate.gateway.testing.GrpcClient.Transport;
import dev.keygate.gateway.testing.GrpcGatewayTest;
import dev.keygate.gateway.testing.Http;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keygate's rotation with overlap over gRPC: the same option and reads as on REST, the same effect on OAuth. */
class GrpcRotationTest extends GrpcGatewayTest {

  private static final Map<String, String> GRANT = Map.of("grant_type", "client_credentials", "scope", "openid");

  private Reply call(String method, Message request) {
    return grpc.call(Transport.GRPC_H2C, GrpcManagementTest.MANAGEMENT + method, request,
        GrpcClient.bearer(acme.pat()));
  }

  private int grant(String clientId, String secret) {
    return http.form("/oauth/v2/token", Http.basic(clientId, secret), GRANT).status();
  }

  @Test
  void aRotationWithOverlapKeepsTheOldSecretUntilTheOverlapIsEnded() {
    String user = gateway.tenants().machineUser(acme, "grpc-rotor");
    Reply first = call("GenerateMachineSecret", GenerateMachineSecretRequest.newBuilder().setUserId(user).build());
    assertThat(first.code()).as(first.message()).isZero();
    GenerateMachineSecretResponse old = first.as(GenerateMachineSecretResponse.parser());

    Reply second = call("GenerateMachineSecret", GenerateMachineSecretRequest.newBuilder().setUserId(user)
        .setPreviousSecretValidFor(Duration.newBuilder().setSeconds(3600)).build());
    assertThat(second.code()).as(second.message()).isZero();
    GenerateMachineSecretResponse rotated = second.as(GenerateMachineSecretResponse.parser());
    assertThat(rotated.getClientSecret()).isNotEqualTo(old.getClientSecret());
    assertThat(grant(old.getClientId(), old.getClientSecret())).isEqualTo(200);
    assertThat(grant(rotated.getClientId(), rotated.getClientSecret())).isEqualTo(200);

    ClientSecretsResponse times = call("GetMachineSecrets", GetMachineSecretsRequest.newBuilder().setUserId(user)
        .build()).as(ClientSecretsResponse.parser());
    assertThat(times.hasSecret()).isTrue();
    assertThat(times.getPreviousSecret().getExpirationDate().getSeconds())
        .isGreaterThan(times.getPreviousSecret().getCreationDate().getSeconds());

    Reply ended = call("EndMachineSecretOverlap", EndMachineSecretOverlapRequest.newBuilder().setUserId(user).build());
    assertThat(ended.code()).as(ended.message()).isZero();
    assertThat(grant(old.getClientId(), old.getClientSecret())).isEqualTo(400);
    assertThat(grant(rotated.getClientId(), rotated.getClientSecret())).isEqualTo(200);
    Reply again = call("EndMachineSecretOverlap", EndMachineSecretOverlapRequest.newBuilder().setUserId(user).build());
    assertThat(again.code()).as("no overlap left: NOT_FOUND, as on REST").isEqualTo(5);
  }

  @Test
  void anOverlapOverThirtyDaysIsInvalidArgument() {
    String user = gateway.tenants().machineUser(acme, "grpc-rotor-long");
    Reply reply = call("GenerateMachineSecret", GenerateMachineSecretRequest.newBuilder().setUserId(user)
        .setPreviousSecretValidFor(Duration.newBuilder().setSeconds(31L * 24 * 3600)).build());
    assertThat(reply.code()).isEqualTo(3);
  }
}
