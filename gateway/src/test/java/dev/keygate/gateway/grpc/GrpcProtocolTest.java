package dev.keygate.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.grpc.proto.authn.KeyType;
import dev.keygate.gateway.grpc.proto.management.AddAPIAppRequest;
import dev.keygate.gateway.grpc.proto.management.AddProjectRequest;
import dev.keygate.gateway.grpc.proto.management.ListProjectsRequest;
import dev.keygate.gateway.grpc.proto.system.CreateInstanceRequest;
import dev.keygate.gateway.grpc.proto.system.CreateInstanceResponse;
import dev.keygate.gateway.grpc.proto.system.GetInstanceRequest;
import dev.keygate.gateway.grpc.proto.system.GetInstanceResponse;
import dev.keygate.gateway.testing.GrpcClient;
import dev.keygate.gateway.testing.GrpcClient.Reply;
import dev.keygate.gateway.testing.GrpcClient.Transport;
import dev.keygate.gateway.testing.GrpcGatewayTest;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What only the gRPC transport can get wrong: unknown methods, unreadable and oversize messages (never INTERNAL,
 * always HTTP 200), the system API, and the instance named by HTTP/2's {@code :authority} (gRPC and REST over h2c).
 */
class GrpcProtocolTest extends GrpcGatewayTest {

  private static final String MANAGEMENT = GrpcManagementTest.MANAGEMENT;
  private static final String SYSTEM = "zitadel.system.v1.SystemService/";


  @ParameterizedTest
  @EnumSource(Transport.class)
  void unknownMethodsAreUnimplemented(Transport transport) {
    Reply method = grpc.call(transport, MANAGEMENT + "AddOIDCApp", AddProjectRequest.getDefaultInstance(),
        GrpcClient.bearer(acme.pat()));
    Reply service = grpc.call(transport, "zitadel.admin.v1.AdminService/Healthz",
        AddProjectRequest.getDefaultInstance(),
        GrpcClient.bearer(acme.pat()));

    for (Reply reply : new Reply[] {method, service}) {
      assertThat(reply.httpStatus()).isEqualTo(200);
      assertThat(reply.code()).isEqualTo(12);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void malformedMessageIsInvalidArgument(Transport transport) {
    // field 1 as a length-delimited string whose length runs past the end of the message
    Buffer broken = GrpcClient.frame(new byte[] {0x0a, 0x7f, 'x'});
    Reply reply = grpc.call(transport, MANAGEMENT + "AddProject", broken, GrpcClient.bearer(acme.pat()));
    Reply truncatedFrame = grpc.call(transport, MANAGEMENT + "AddProject",
        Buffer.buffer().appendByte((byte) 0).appendInt(50).appendString("short"), GrpcClient.bearer(acme.pat()));

    assertThat(reply.httpStatus()).isEqualTo(200);
    assertThat(reply.code()).isEqualTo(3);
    assertThat(reply.detailsBin()).isNull();
    assertThat(truncatedFrame.code()).isNotIn(0, 13, -1);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void oversizeMessageIsResourceExhausted(Transport transport) {
    Reply reply = grpc.call(transport, MANAGEMENT + "AddProject",
        AddProjectRequest.newBuilder().setName("x".repeat(70_000)).build(), GrpcClient.bearer(acme.pat()));

    assertThat(reply.httpStatus()).isEqualTo(200);
    assertThat(reply.code()).isEqualTo(8);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void systemApiCreatesAnInstanceReadBackOverRest(Transport transport) {
    Reply created = grpc.call(transport, SYSTEM + "CreateInstance", CreateInstanceRequest.newBuilder()
        .setInstanceName("grpc-made-" + transport.ordinal())
        .setMachine(CreateInstanceRequest.Machine.newBuilder().setUserName("owner").setName("Owner")
            .setPersonalAccessToken(CreateInstanceRequest.PersonalAccessToken.getDefaultInstance())
            .setMachineKey(CreateInstanceRequest.MachineKey.newBuilder().setType(KeyType.KEY_TYPE_JSON)))
        .build(), GrpcClient.bearer(TestGateway.SYSTEM_TOKEN));

    assertThat(created.code()).as(created.message()).isZero();
    CreateInstanceResponse instance = created.as(CreateInstanceResponse.parser());
    assertThat(instance.getPat()).isNotEmpty();
    JsonObject keyFile = new JsonObject(instance.getMachineKey().toString(StandardCharsets.UTF_8));
    assertThat(keyFile.getString("type")).isEqualTo("serviceaccount");
    GetInstanceResponse read = grpc.call(transport, SYSTEM + "GetInstance",
        GetInstanceRequest.newBuilder().setInstanceId(instance.getInstanceId()).build(),
        GrpcClient.bearer(TestGateway.SYSTEM_TOKEN)).as(GetInstanceResponse.parser());
    Response rest = http.get("/system/v1/instances/" + instance.getInstanceId(), TestGateway.SYSTEM_TOKEN);
    JsonObject restInstance = rest.json().getJsonObject("instance");
    assertThat(read.getInstance().getName()).isEqualTo(restInstance.getString("name"));
    assertThat(read.getInstance().getDomains(0).getDomain())
        .isEqualTo(restInstance.getJsonArray("domains").getJsonObject(0).getString("domain"));
    assertThat(Long.toString(read.getInstance().getDetails().getSequence()))
        .isEqualTo(restInstance.getJsonObject("details").getString("sequence"));
    assertThat(grpc.call(transport, MANAGEMENT + "ListProjects", ListProjectsRequest.getDefaultInstance(),
        GrpcClient.bearer(instance.getPat())).code()).isZero();

    Reply noInstanceWithoutOwner = grpc.call(transport, SYSTEM + "CreateInstance",
        CreateInstanceRequest.newBuilder().setInstanceName("ownerless").build(),
        GrpcClient.bearer(TestGateway.SYSTEM_TOKEN));
    assertThat(noInstanceWithoutOwner.code()).isEqualTo(3);
    assertThat(noInstanceWithoutOwner.message()).isEqualTo("invalid CreateInstanceRequest.Owner: value is required");
    assertThat(grpc.call(transport, SYSTEM + "GetInstance", GetInstanceRequest.newBuilder()
        .setInstanceId(instance.getInstanceId()).build(), GrpcClient.bearer(acme.pat())).code()).isEqualTo(16);
  }

  @ParameterizedTest
  @EnumSource(value = Transport.class, names = {"GRPC_H2C", "WEB_H2C"})
  void authorityOfAnotherInstanceRefusesTheToken(Transport transport) {
    var other = gateway.tenants().create("authority-" + transport.ordinal());
    String project = gateway.tenants().project(acme, "authority-" + transport.ordinal());
    Map<String, String> elsewhere = GrpcClient.bearer(acme.pat());
    elsewhere.put(":authority", other.domain());
    Map<String, String> home = GrpcClient.bearer(acme.pat());
    home.put(":authority", acme.domain());
    AddAPIAppRequest request = AddAPIAppRequest.newBuilder().setProjectId(project).setName("a").build();

    assertThat(grpc.call(transport, MANAGEMENT + "AddAPIApp", request, elsewhere).code()).isEqualTo(16);
    assertThat(grpc.call(transport, MANAGEMENT + "AddAPIApp", request, home).code()).isZero();
  }

  @Test
  void restOverH2cTakesTheInstanceFromTheAuthority() {
    var other = gateway.tenants().create("h2c-rest");
    Map<String, String> headers = Map.of("authorization", "Bearer " + acme.pat(), "content-type", "application/json");

    Reply elsewhere = grpc.h2c(HttpMethod.POST, "/management/v1/projects/_search", other.domain(), headers, "{}");
    Reply home = grpc.h2c(HttpMethod.POST, "/management/v1/projects/_search", acme.domain(), headers, "{}");

    assertThat(elsewhere.httpStatus()).isEqualTo(401);
    assertThat(new String(elsewhere.payload(), StandardCharsets.UTF_8)).contains("AUTH-7fs1e");
    assertThat(home.httpStatus()).isEqualTo(200);
  }
}
