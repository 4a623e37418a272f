package dev.keygate.gateway.zitadel.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.keygate.gateway.grpc.proto.v1.ErrorDetail;
import dev.keygate.gateway.grpc.proto.v2.application.APIAuthMethodType;
import dev.keygate.gateway.grpc.proto.v2.application.CreateAPIApplicationRequest;
import dev.keygate.gateway.grpc.proto.v2.application.CreateApplicationRequest;
import dev.keygate.gateway.grpc.proto.v2.application.CreateApplicationResponse;
import dev.keygate.gateway.grpc.proto.v2.application.GetApplicationRequest;
import dev.keygate.gateway.grpc.proto.v2.application.GetApplicationResponse;
import dev.keygate.gateway.grpc.proto.v2.user.CreateUserRequest;
import dev.keygate.gateway.grpc.proto.v2.user.CreateUserResponse;
import dev.keygate.gateway.grpc.proto.v2.user.SetHumanEmail;
import dev.keygate.gateway.testing.GrpcClient;
import dev.keygate.gateway.testing.GrpcClient.Reply;
import dev.keygate.gateway.testing.GrpcClient.Transport;
import dev.keygate.gateway.testing.GrpcGatewayTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The v2 methods in their binary wire forms, with Keygate's own descriptors (application.v2 has none in
 * {@code @zitadel/proto}): Connect's {@code application/proto}, gRPC on h2c and gRPC-Web. Each runs the JSON route of
 * the same operation, so what one form creates the others read, and the errors are the JSON route's, in each form's
 * envelope.
 */
class ProtocolsV2Test extends GrpcGatewayTest {

  private static final String APPLICATIONS = "zitadel.application.v2.ApplicationService/";
  private static final String USERS = "zitadel.user.v2.UserService/";

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Connect connect;

  @BeforeAll
  void connect() {
    connect = new Connect(http);
  }

  /** A Connect unary call in protobuf's binary form, as connect-es sends it with {@code useBinaryFormat}. */
  private HttpResponse<byte[]> connectProto(String method, byte[] message, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + "/" + method))
        .header("content-type", "application/proto").header("connect-protocol-version", "1")
        .POST(HttpRequest.BodyPublishers.ofByteArray(message));
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private CreateApplicationRequest basicApp(String projectId, String name) {
    return CreateApplicationRequest.newBuilder().setProjectId(projectId).setName(name)
        .setApiConfiguration(CreateAPIApplicationRequest.newBuilder()
            .setAuthMethodType(APIAuthMethodType.API_AUTH_METHOD_TYPE_BASIC)).build();
  }

  @Test
  void connectBinaryCreatesWhatJsonAndGrpcRead() throws Exception {
    String project = gateway.tenants().project(acme, "binary-connect");
    HttpResponse<byte[]> response = connectProto(APPLICATIONS + "CreateApplication",
        basicApp(project, "binary-api").toByteArray(), acme.pat());

    assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/proto");
    CreateApplicationResponse created = CreateApplicationResponse.parseFrom(response.body());
    assertThat(created.getApplicationId()).matches("[0-9]{17,19}");
    assertThat(created.getApiConfiguration().getClientSecret()).matches("[A-Za-z0-9]{64}");
    assertThat(created.getCreationDate().getSeconds()).isPositive();

    JsonObject json = connect.ok(APPLICATIONS + "GetApplication", acme.pat(),
        new JsonObject().put("applicationId", created.getApplicationId())).getJsonObject("application");
    assertThat(json.getString("name")).isEqualTo("binary-api");
    assertThat(json.getJsonObject("apiConfiguration").getString("clientId"))
        .isEqualTo(created.getApiConfiguration().getClientId());

    Reply grpcRead = grpc.call(Transport.GRPC_H2C, APPLICATIONS + "GetApplication",
        GetApplicationRequest.newBuilder().setApplicationId(created.getApplicationId()).build(),
        GrpcClient.bearer(acme.pat()));
    assertThat(grpcRead.code()).as(grpcRead.message()).isZero();
    GetApplicationResponse read = grpcRead.as(GetApplicationResponse.parser());
    assertThat(read.getApplication().getName()).isEqualTo("binary-api");
    assertThat(read.getApplication().getProjectId()).isEqualTo(project);
    assertThat(read.getApplication().getApiConfiguration().getClientId())
        .isEqualTo(created.getApiConfiguration().getClientId());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void grpcAndGrpcWebCreateAndReadAnApplication(Transport transport) {
    String project = gateway.tenants().project(acme, "binary-" + transport.name().toLowerCase());
    Reply reply = grpc.call(transport, APPLICATIONS + "CreateApplication", basicApp(project, "grpc-api"),
        GrpcClient.bearer(acme.pat()));

    assertThat(reply.code()).as(reply.message()).isZero();
    CreateApplicationResponse created = reply.as(CreateApplicationResponse.parser());
    assertThat(created.getApiConfiguration().getClientSecret()).matches("[A-Za-z0-9]{64}");
    JsonObject v1 = http.get("/management/v1/projects/" + project + "/apps/" + created.getApplicationId(),
        acme.pat()).json().getJsonObject("app");
    assertThat(v1.getString("name")).isEqualTo("grpc-api");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void grpcErrorsCarryTheConnectCodeAndZitadelsDetail(Transport transport) {
    Reply unknown = grpc.call(transport, APPLICATIONS + "GetApplication",
        GetApplicationRequest.newBuilder().setApplicationId("123456789012345678").build(),
        GrpcClient.bearer(acme.pat()));
    Reply noToken = grpc.call(transport, APPLICATIONS + "GetApplication",
        GetApplicationRequest.newBuilder().setApplicationId("123456789012345678").build(), GrpcClient.bearer(null));
    Reply emptyName = grpc.call(transport, APPLICATIONS + "CreateApplication",
        basicApp(gateway.tenants().project(acme, "errors-" + transport.name().toLowerCase()), ""),
        GrpcClient.bearer(acme.pat()));

    assertThat(unknown.httpStatus()).isEqualTo(200);
    assertThat(unknown.code()).isEqualTo(5);
    ErrorDetail detail = unknown.detail();
    assertThat(unknown.message()).isEqualTo(detail.getMessage() + " (" + detail.getId() + ")");
    assertThat(noToken.code()).isEqualTo(16);
    assertThat(noToken.detailsBin()).isNull();
    assertThat(emptyName.code()).isEqualTo(3);
  }

  @Test
  void connectBinaryErrorsAreConnectJson() throws Exception {
    HttpResponse<byte[]> unknown = connectProto(APPLICATIONS + "GetApplication", GetApplicationRequest.newBuilder()
        .setApplicationId("123456789012345678").build().toByteArray(), acme.pat());
    HttpResponse<byte[]> noToken = connectProto(APPLICATIONS + "GetApplication", new byte[0], null);
    // field 1 as a length-delimited string whose length runs past the end of the message
    HttpResponse<byte[]> broken = connectProto(APPLICATIONS + "GetApplication", new byte[] {0x0a, 0x7f, 'x'},
        acme.pat());

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("content-type")).hasValue("application/json");
    JsonObject error = new JsonObject(new String(unknown.body()));
    assertThat(error.getString("code")).isEqualTo("not_found");
    JsonObject detail = error.getJsonArray("details").getJsonObject(0);
    assertThat(detail.getString("type")).isEqualTo("zitadel.v1.ErrorDetail");
    assertThat(error.getString("message")).endsWith("(" + errorDetail(detail).getId() + ")");
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(new String(noToken.body())).getString("code")).isEqualTo("unauthenticated");
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(new String(broken.body())).getString("code")).isEqualTo("invalid_argument");
  }

  @Test
  void aFieldKeygateDoesNotServeIsUnimplementedNotIgnored() throws Exception {
    // CreateUserRequest.Human field 3 is ZITADEL's phone, which Keygate's messages leave out: dropping it silently
    // would create a user without the phone the caller asked for
    byte[] phone = {0x1a, 0x05, 0x0a, 0x03, '1', '2', '3'};
    byte[] human = CreateUserRequest.Human.newBuilder().setEmail(
            SetHumanEmail.newBuilder().setEmail("p@example.com"))
        .build().toByteArray();
    byte[] withPhone = new byte[human.length + phone.length];
    System.arraycopy(human, 0, withPhone, 0, human.length);
    System.arraycopy(phone, 0, withPhone, human.length, phone.length);
    byte[] request = CreateUserRequest.newBuilder().setOrganizationId(acme.orgId()).build().toByteArray();
    byte[] message = new byte[request.length + 2 + withPhone.length];
    System.arraycopy(request, 0, message, 0, request.length);
    message[request.length] = 0x22; // field 4 (human), length-delimited
    message[request.length + 1] = (byte) withPhone.length;
    System.arraycopy(withPhone, 0, message, request.length + 2, withPhone.length);

    HttpResponse<byte[]> connectReply = connectProto(USERS + "CreateUser", message, acme.pat());
    Reply grpcReply = grpc.call(Transport.GRPC_H2C, USERS + "CreateUser", GrpcClient.frame(message),
        GrpcClient.bearer(acme.pat()));

    assertThat(connectReply.statusCode()).as(new String(connectReply.body())).isEqualTo(501);
    assertThat(new JsonObject(new String(connectReply.body())).getString("message"))
        .isEqualTo("field 3 of zitadel.user.v2.CreateUserRequest.Human is not served by Keygate");
    assertThat(grpcReply.code()).isEqualTo(12);
    // the same message without the phone creates the user
    Reply created = grpc.call(Transport.GRPC_H2C, USERS + "CreateUser", CreateUserRequest.newBuilder()
        .setOrganizationId(acme.orgId()).setMachine(CreateUserRequest.Machine.newBuilder().setName("bin"))
        .build(), GrpcClient.bearer(acme.pat()));
    assertThat(created.code()).as(created.message()).isZero();
    assertThat(created.as(CreateUserResponse.parser()).getId()).matches("[0-9]{17,19}");
  }

  @Test
  void otherContentTypesStayWithTheJsonRoute() throws Exception {
    HttpResponse<byte[]> xml = client.send(HttpRequest.newBuilder(URI.create(http.base() + "/" + APPLICATIONS
            + "GetApplication")).header("content-type", "application/xml").header("authorization", "Bearer "
            + acme.pat()).POST(HttpRequest.BodyPublishers.ofString("<a/>")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> unknownMethod = connectProto(APPLICATIONS + "UpdateApplication", new byte[0], acme.pat());

    assertThat(xml.statusCode()).isEqualTo(415);
    assertThat(new JsonObject(new String(xml.body())).getString("code")).isEqualTo("invalid_argument");
    assertThat(unknownMethod.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(new String(unknownMethod.body())).getString("code")).isEqualTo("unimplemented");
  }

  private static ErrorDetail errorDetail(JsonObject detail) throws InvalidProtocolBufferException {
    return ErrorDetail.parseFrom(Base64.getDecoder().decode(detail.getString("value")));
  }
}
