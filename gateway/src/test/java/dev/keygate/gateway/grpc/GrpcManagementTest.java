package dev.keygate.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.keygate.gateway.grpc.proto.app.APIAuthMethodType;
import dev.keygate.gateway.grpc.proto.app.AppNameQuery;
import dev.keygate.gateway.grpc.proto.app.AppQuery;
import dev.keygate.gateway.grpc.proto.management.AddAPIAppRequest;
import dev.keygate.gateway.grpc.proto.management.AddAPIAppResponse;
import dev.keygate.gateway.grpc.proto.management.AddProjectRequest;
import dev.keygate.gateway.grpc.proto.management.AddProjectResponse;
import dev.keygate.gateway.grpc.proto.management.GetAppByIDRequest;
import dev.keygate.gateway.grpc.proto.management.GetAppByIDResponse;
import dev.keygate.gateway.grpc.proto.management.ListAppsRequest;
import dev.keygate.gateway.grpc.proto.management.ListAppsResponse;
import dev.keygate.gateway.grpc.proto.v1.ErrorDetail;
import dev.keygate.gateway.grpc.proto.v1.TextQueryMethod;
import dev.keygate.gateway.testing.GrpcClient;
import dev.keygate.gateway.testing.GrpcClient.Reply;
import dev.keygate.gateway.testing.GrpcClient.Transport;
import dev.keygate.gateway.testing.GrpcGatewayTest;
import dev.keygate.gateway.testing.Response;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The management API over gRPC (h2c) and gRPC-Web (HTTP/1.1 and HTTP/2): the same route as REST, so the same
 * answers, the same errors (as gRPC statuses with ZITADEL's ErrorDetail), and one state both wire forms read.
 */
class GrpcManagementTest extends GrpcGatewayTest {

  static final String MANAGEMENT = "zitadel.management.v1.ManagementService/";

  private String project;

  @BeforeAll
  void createProject() {
    project = gateway.tenants().project(acme, "grpc-billing");
  }

  private Reply addApp(Transport transport, AddAPIAppRequest request, Map<String, String> metadata) {
    return grpc.call(transport, MANAGEMENT + "AddAPIApp", request, metadata);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void addApiAppAnswersAsRestDoes(Transport transport) {
    Reply reply = addApp(transport, AddAPIAppRequest.newBuilder().setProjectId(project).setName("app-" + transport)
        .build(), GrpcClient.bearer(acme.pat()));

    assertThat(reply.httpStatus()).isEqualTo(200);
    assertThat(reply.code()).as(reply.message()).isZero();
    AddAPIAppResponse app = reply.as(AddAPIAppResponse.parser());
    assertThat(app.getAppId()).matches("[0-9]{18}");
    assertThat(app.getClientId()).matches("[0-9]{18}").isNotEqualTo(app.getAppId());
    assertThat(app.getClientSecret()).matches("[A-Za-z0-9]{64}");
    assertThat(app.getDetails().getResourceOwner()).isEqualTo(acme.orgId());
    assertThat(app.getDetails().getSequence()).isPositive();
    assertThat(app.getDetails().hasCreationDate()).isTrue();

    Response rest = http.get("/management/v1/projects/" + project + "/apps/" + app.getAppId(), acme.pat());
    assertThat(rest.status()).isEqualTo(200);
    assertThat(rest.json().getJsonObject("app").getString("name")).isEqualTo("app-" + transport);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void privateKeyJwtAppHasNoSecret(Transport transport) {
    Reply reply = addApp(transport, AddAPIAppRequest.newBuilder().setProjectId(project).setName("jwt-" + transport)
        .setAuthMethodType(APIAuthMethodType.API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT).build(),
        GrpcClient.bearer(acme.pat()));

    assertThat(reply.code()).as(reply.message()).isZero();
    AddAPIAppResponse app = reply.as(AddAPIAppResponse.parser());
    assertThat(app.getClientSecret()).isEmpty();
    GetAppByIDResponse read = grpc.call(transport, MANAGEMENT + "GetAppByID", GetAppByIDRequest.newBuilder()
        .setProjectId(project).setAppId(app.getAppId()).build(), GrpcClient.bearer(acme.pat()))
        .as(GetAppByIDResponse.parser());
    assertThat(read.getApp().getApiConfig().getAuthMethodType())
        .isEqualTo(APIAuthMethodType.API_AUTH_METHOD_TYPE_PRIVATE_KEY_JWT);
    assertThat(read.getApp().getApiConfig().getClientId()).isEqualTo(app.getClientId());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void duplicateNameIsAlreadyExistsWithZitadelsErrorDetail(Transport transport) {
    AddAPIAppRequest request = AddAPIAppRequest.newBuilder().setProjectId(project).setName("twice-" + transport)
        .build();
    assertThat(addApp(transport, request, GrpcClient.bearer(acme.pat())).code()).isZero();

    Reply again = addApp(transport, request, GrpcClient.bearer(acme.pat()));

    Response rest = http.post("/management/v1/projects/" + project + "/apps/api", acme.pat(),
        new JsonObject().put("name", "twice-" + transport));
    assertThat(rest.status()).isEqualTo(409);
    assertThat(again.httpStatus()).isEqualTo(200);
    assertThat(again.code()).isEqualTo(6);
    assertThat(again.message()).isEqualTo(rest.json().getString("message"));
    ErrorDetail detail = again.detail();
    JsonObject restDetail = rest.json().getJsonArray("details").getJsonObject(0);
    assertThat(detail.getId()).isEqualTo(restDetail.getString("id")).isNotEmpty();
    assertThat(detail.getMessage()).isEqualTo(restDetail.getString("message"));
    assertThat(again.message()).isEqualTo(detail.getMessage() + " (" + detail.getId() + ")");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void namesAreCheckedInCodePointsWithoutDetails(Transport transport) {
    Reply empty = addApp(transport, AddAPIAppRequest.newBuilder().setProjectId(project).build(),
        GrpcClient.bearer(acme.pat()));
    Reply tooLong = addApp(transport, AddAPIAppRequest.newBuilder().setProjectId(project)
        .setName("\uD83D\uDE00".repeat(201)).build(), GrpcClient.bearer(acme.pat()));
    Reply longest = addApp(transport, AddAPIAppRequest.newBuilder().setProjectId(project)
        .setName(transport.ordinal() + "\uD83D\uDE00".repeat(199)).build(), GrpcClient.bearer(acme.pat()));

    assertThat(empty.code()).isEqualTo(3);
    assertThat(empty.message()).isEqualTo(
        "invalid AddAPIAppRequest.Name: value length must be between 1 and 200 runes, inclusive");
    assertThat(empty.detailsBin()).isNull();
    assertThat(tooLong.code()).isEqualTo(3);
    assertThat(tooLong.message()).isEqualTo(empty.message());
    assertThat(longest.code()).as(longest.message()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void enumNumberOutsideTheEnumIsInvalidArgument(Transport transport) {
    Reply reply = addApp(transport, AddAPIAppRequest.newBuilder().setProjectId(project).setName("enum-" + transport)
        .setAuthMethodTypeValue(7).build(), GrpcClient.bearer(acme.pat()));

    assertThat(reply.code()).as(reply.message()).isEqualTo(3);
    assertThat(reply.detailsBin()).isNull();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void authenticationAndPermissionAsOnRest(Transport transport) {
    AddAPIAppRequest request = AddAPIAppRequest.newBuilder().setProjectId(project).setName("auth-" + transport)
        .build();

    Reply missing = addApp(transport, request, Map.of());
    Reply invalid = addApp(transport, request, GrpcClient.bearer("not-a-token"));
    String viewer = gateway.tenants().memberPat(acme, "viewer-" + transport.ordinal(), "ORG_USER_MANAGER");
    Reply denied = addApp(transport, request, GrpcClient.bearer(viewer));

    assertThat(missing.code()).isEqualTo(16);
    assertThat(missing.message()).isEqualTo("auth header missing");
    assertThat(missing.detailsBin()).isNull();
    assertThat(invalid.code()).isEqualTo(16);
    assertThat(invalid.message()).isEqualTo("Errors.Token.Invalid (AUTH-7fs1e)");
    assertThat(denied.code()).isEqualTo(7);
    assertThat(denied.detail().getId()).isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void unknownProjectAndForeignInstance(Transport transport) {
    Reply unknown = addApp(transport, AddAPIAppRequest.newBuilder().setProjectId("123456789012345678")
        .setName("x").build(), GrpcClient.bearer(acme.pat()));
    var other = gateway.tenants().create("other-" + transport.ordinal());
    Reply foreign = addApp(transport, AddAPIAppRequest.newBuilder().setProjectId(project).setName("x").build(),
        GrpcClient.bearer(other.pat()));
    Map<String, String> onOtherHost = GrpcClient.bearer(acme.pat());
    onOtherHost.put("x-zitadel-instance-host", other.domain());
    Reply wrongHost = addApp(transport, AddAPIAppRequest.newBuilder().setProjectId(project).setName("x").build(),
        onOtherHost);

    Response restUnknown = http.post("/management/v1/projects/123456789012345678/apps/api", acme.pat(),
        new JsonObject().put("name", "x"));
    assertThat(unknown.code()).isEqualTo(restUnknown.json().getInteger("code")).isNotZero();
    assertThat(unknown.message()).isEqualTo(restUnknown.json().getString("message"));
    assertThat(unknown.detail().getId()).isEqualTo(
        restUnknown.json().getJsonArray("details").getJsonObject(0).getString("id"));
    Response restForeign = http.post("/management/v1/projects/" + project + "/apps/api", other.pat(),
        new JsonObject().put("name", "x"));
    assertThat(foreign.code()).isEqualTo(restForeign.json().getInteger("code")).isNotZero();
    assertThat(foreign.message()).isEqualTo(restForeign.json().getString("message"));
    assertThat(wrongHost.code()).isEqualTo(16);
    assertThat(wrongHost.message()).isEqualTo("Errors.Token.Invalid (AUTH-7fs1e)");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void projectsAndListsAgreeWithRest(Transport transport) {
    AddProjectResponse created = grpc.call(transport, MANAGEMENT + "AddProject",
        AddProjectRequest.newBuilder().setName("listed-" + transport).build(), GrpcClient.bearer(acme.pat()))
        .as(AddProjectResponse.parser());
    String own = created.getId();
    AddAPIAppResponse app = addApp(transport, AddAPIAppRequest.newBuilder().setProjectId(own).setName("only")
        .build(), GrpcClient.bearer(acme.pat())).as(AddAPIAppResponse.parser());

    ListAppsResponse listed = grpc.call(transport, MANAGEMENT + "ListApps",
        ListAppsRequest.newBuilder().setProjectId(own).build(), GrpcClient.bearer(acme.pat()))
        .as(ListAppsResponse.parser());
    Response rest = http.post("/management/v1/projects/" + own + "/apps/_search", acme.pat(), new JsonObject());

    JsonObject restApp = rest.json().getJsonArray("result").getJsonObject(0);
    assertThat(listed.getDetails().getTotalResult()).isEqualTo(1);
    assertThat(listed.getResultCount()).isEqualTo(1);
    var grpcApp = listed.getResult(0);
    assertThat(grpcApp.getId()).isEqualTo(app.getAppId()).isEqualTo(restApp.getString("id"));
    assertThat(grpcApp.getName()).isEqualTo(restApp.getString("name"));
    assertThat(grpcApp.getStateValue()).isEqualTo(1);
    JsonObject restDetails = restApp.getJsonObject("details");
    assertThat(Long.toString(grpcApp.getDetails().getSequence())).isEqualTo(restDetails.getString("sequence"));
    assertThat(grpcApp.getDetails().getResourceOwner()).isEqualTo(restDetails.getString("resourceOwner"))
        .isEqualTo(acme.orgId());
    assertThat(instant(grpcApp.getDetails().getCreationDate()))
        .isEqualTo(Instant.parse(restDetails.getString("creationDate")));
    assertThat(app.getDetails().getSequence()).isEqualTo(grpcApp.getDetails().getSequence());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void appsAreSearchedByNameAsOnRest(Transport transport) {
    String own = gateway.tenants().project(acme, "searched-" + transport);
    for (String name : new String[] {"ledger", "billing"}) {
      addApp(transport, AddAPIAppRequest.newBuilder().setProjectId(own).setName(name).build(),
          GrpcClient.bearer(acme.pat()));
    }
    AppQuery led = AppQuery.newBuilder().setNameQuery(AppNameQuery.newBuilder().setName("LED")
        .setMethod(TextQueryMethod.TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE)).build();

    ListAppsResponse listed = grpc.call(transport, MANAGEMENT + "ListApps",
        ListAppsRequest.newBuilder().setProjectId(own).addQueries(led).build(), GrpcClient.bearer(acme.pat()))
        .as(ListAppsResponse.parser());

    assertThat(listed.getDetails().getTotalResult()).isEqualTo(1);
    assertThat(listed.getResultList()).extracting(app -> app.getName()).containsExactly("ledger");
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
