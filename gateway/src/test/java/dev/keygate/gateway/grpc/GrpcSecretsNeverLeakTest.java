package dev.keygate.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.grpc.proto.management.AddAPIAppRequest;
import dev.keygate.gateway.grpc.proto.management.AddAPIAppResponse;
import dev.keygate.gateway.grpc.proto.management.AddMachineUserRequest;
import dev.keygate.gateway.grpc.proto.management.AddMachineUserResponse;
import dev.keygate.gateway.grpc.proto.management.AddPersonalAccessTokenRequest;
import dev.keygate.gateway.grpc.proto.management.AddPersonalAccessTokenResponse;
import dev.keygate.gateway.grpc.proto.management.GenerateMachineSecretRequest;
import dev.keygate.gateway.grpc.proto.management.GenerateMachineSecretResponse;
import dev.keygate.gateway.grpc.proto.management.GetAppByIDRequest;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.GrpcClient;
import dev.keygate.gateway.testing.GrpcClient.Transport;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.VerboseLog;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gRPC twin of zitadel/SecretsNeverLeakTest: with every logger at its most verbose, secrets, PATs and the system
 * token created or presented over gRPC and gRPC-Web (refused and malformed calls included) reach no log event, and
 * a read answer repeats none.
 */
@EveryStore
class GrpcSecretsNeverLeakTest {

  private static final String MANAGEMENT = GrpcManagementTest.MANAGEMENT;

  @Test
  void noCredentialReachesALogLineOrAReadAnswer() {
    VerboseLog log = new VerboseLog();
    List<String> credentials = new ArrayList<>();
    List<String> reads = new ArrayList<>();
    try (log; TestGateway gateway = TestGateway.start(); GrpcClient grpc = new GrpcClient(gateway.port())) {
      Tenants.Tenant tenant = gateway.tenants().create("leaky-grpc");
      String project = gateway.tenants().project(tenant, "p");
      credentials.add(tenant.pat());
      credentials.add(TestGateway.SYSTEM_TOKEN);
      for (Transport transport : Transport.values()) {
        var owner = GrpcClient.bearer(tenant.pat());
        AddAPIAppResponse app = grpc.call(transport, MANAGEMENT + "AddAPIApp", AddAPIAppRequest.newBuilder()
            .setProjectId(project).setName("app-" + transport).build(), owner).as(AddAPIAppResponse.parser());
        credentials.add(app.getClientSecret());
        String machine = grpc.call(transport, MANAGEMENT + "AddMachineUser", AddMachineUserRequest.newBuilder()
            .setUserName("bot-" + transport.ordinal()).setName("Bot").build(), owner)
            .as(AddMachineUserResponse.parser()).getUserId();
        credentials.add(grpc.call(transport, MANAGEMENT + "GenerateMachineSecret",
            GenerateMachineSecretRequest.newBuilder().setUserId(machine).build(), owner)
            .as(GenerateMachineSecretResponse.parser()).getClientSecret());
        credentials.add(grpc.call(transport, MANAGEMENT + "AddPersonalAccessToken",
            AddPersonalAccessTokenRequest.newBuilder().setUserId(machine).build(), owner)
            .as(AddPersonalAccessTokenResponse.parser()).getToken());
        // refused, unknown and malformed calls that carry credentials
        grpc.call(transport, MANAGEMENT + "AddAPIApp", AddAPIAppRequest.newBuilder().setProjectId(project)
            .setName("x").build(), GrpcClient.bearer("wrong-" + tenant.pat()));
        grpc.call(transport, MANAGEMENT + "AddAPIApp", AddAPIAppRequest.newBuilder().setProjectId(project)
            .setName(tenant.pat().repeat(10)).build(), owner);
        grpc.call(transport, MANAGEMENT + "NoSuchMethod", AddAPIAppRequest.newBuilder().setName(tenant.pat())
            .build(), owner);
        grpc.call(transport, MANAGEMENT + "AddProject", GrpcClient.frame(
            ("\u007f" + tenant.pat()).getBytes(StandardCharsets.UTF_8)), owner);
        grpc.call(transport, MANAGEMENT + "AddProject", Buffer.buffer().appendByte((byte) 0).appendInt(90_000)
            .appendString(tenant.pat()), owner);
        reads.add(new String(grpc.call(transport, MANAGEMENT + "GetAppByID", GetAppByIDRequest.newBuilder()
            .setProjectId(project).setAppId(app.getAppId()).build(), owner).payload(), StandardCharsets.UTF_8));
      }
    }

    assertThat(credentials).doesNotContainNull().doesNotContain("").hasSize(2 + 3 * Transport.values().length);
    assertThat(log.events()).as("the refusals above were logged (at DEBUG)")
        .anyMatch(e -> e.getFormattedMessage().contains("answered 401"));
    log.assertNoLineContains(credentials);
    for (String read : reads) {
      assertThat(read).isNotEmpty();
      for (String credential : credentials) {
        assertThat(read).doesNotContain(credential);
      }
    }
  }
}
