package dev.keygate.gateway.zitadel;

import static dev.keygate.gateway.zitadel.ManagementEndpoint.scope;

import dev.keygate.gateway.http.DecodedBody;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.service.Scope;
import dev.keygate.gateway.service.UserService;
import dev.keygate.store.User;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Set;

/** The management API's users: machine and human users, machine secrets, PATs, machine keys and memberships. */
record UsersEndpoint(UserService users, ManagementRenderer render) implements ManagementEndpoint {

  @Override
  public Handler<RoutingContext> handler(String operationId) {
    return switch (operationId) {
      case "AddMachineUser" -> this::addMachineUser;
      case "AddHumanUser" -> this::addHumanUser;
      case "GetUserByID" -> rc -> Replies.json(rc, users.get(scope(rc), rc.pathParam("id")),
          user -> new JsonObject().put("user", render.user(user)));
      case "RemoveUser" -> rc -> Replies.json(rc, users.remove(scope(rc), rc.pathParam("id")),
          removed -> ZitadelResponses.changed(removed.sequence(), removed.changedAt(), removed.orgId()));
      case "GenerateMachineSecret" -> rc -> Replies.json(rc,
          users.generateSecret(scope(rc), rc.pathParam("userId"),
              SecretRotationWire.previousValidFor(DecodedBody.objectOf(rc))),
          issued -> new JsonObject()
              .put("clientId", issued.credentialId())
              .put("clientSecret", issued.credential())
              .put("details", ZitadelResponses.createdDetails(issued.user().sequence(), issued.user().changedAt(),
                  issued.user().orgId())));
      case "RemoveMachineSecret" -> rc -> Replies.json(rc,
          users.removeSecret(scope(rc), rc.pathParam("userId")),
          user -> ZitadelResponses.changed(user.sequence(), user.changedAt(), user.orgId()));
      case "GetMachineSecrets" -> rc -> Replies.json(rc,
          users.secrets(scope(rc), rc.pathParam("userId")), SecretRotationWire::render);
      case "EndMachineSecretOverlap" -> rc -> Replies.json(rc,
          users.endSecretOverlap(scope(rc), rc.pathParam("userId")),
          user -> ZitadelResponses.changed(user.sequence(), user.changedAt(), user.orgId()));
      case "AddPersonalAccessToken" -> this::addPersonalAccessToken;
      case "AddMachineKey" -> rc -> Replies.json(rc, users.addMachineKey(scope(rc), rc.pathParam("userId"),
              ZitadelSystemApi.timestamp(DecodedBody.objectOf(rc).getString("expirationDate"))),
          key -> new JsonObject().put("keyId", key.keyId()).put("keyDetails", ManagementRenderer.base64(key.keyFile()))
              .put("details", ZitadelResponses.createdDetails(key.sequence(), key.at(), key.orgId())));
      case "AddOrgMember" -> this::addOrgMember;
      default -> null;
    };
  }

  private void addMachineUser(RoutingContext rc) {
    JsonObject body = DecodedBody.objectOf(rc);
    Replies.json(rc, users.createMachine(scope(rc), body.getString("userName"), body.getString("name"),
            body.getString("description"), body.getString("accessTokenType", "ACCESS_TOKEN_TYPE_BEARER")),
        user -> new JsonObject()
            .put("userId", user.id())
            .put("details", ZitadelResponses.createdDetails(user.sequence(), user.createdAt(), user.orgId())));
  }

  private void addHumanUser(RoutingContext rc) {
    JsonObject body = DecodedBody.objectOf(rc);
    JsonObject profile = body.getJsonObject("profile");
    JsonObject email = body.getJsonObject("email");
    Replies.json(rc, users.createHuman(scope(rc), body.getString("userName"), profile.getString("firstName"),
            profile.getString("lastName"), profile.getString("preferredLanguage"), email.getString("email"),
            email.getBoolean("isEmailVerified", false), body.getString("initialPassword")),
        user -> new JsonObject()
            .put("userId", user.id())
            .put("details", ZitadelResponses.createdDetails(user.sequence(), user.createdAt(), user.orgId())));
  }

  private void addOrgMember(RoutingContext rc) {
    JsonObject body = DecodedBody.objectOf(rc);
    Set<User.Role> roles = EnumSet.noneOf(User.Role.class);
    // the contract has checked every role against the enum
    body.getJsonArray("roles").forEach(role -> roles.add(User.Role.valueOf(role.toString())));
    Scope scope = scope(rc);
    Replies.json(rc, users.addOrgMember(scope, body.getString("userId"), roles),
        member -> new JsonObject().put("details",
            ZitadelResponses.createdDetails(member.orgSequence(), member.at(), scope.orgId())));
  }

  private void addPersonalAccessToken(RoutingContext rc) {
    JsonObject body = DecodedBody.objectOf(rc);
    Replies.json(rc, users.addPersonalAccessToken(scope(rc), rc.pathParam("userId"),
            ZitadelSystemApi.timestamp(body.getString("expirationDate"))),
        issued -> new JsonObject()
            .put("tokenId", issued.credentialId())
            .put("token", issued.credential())
            .put("details", ZitadelResponses.createdDetails(issued.user().sequence(), issued.user().changedAt(),
                issued.user().orgId())));
  }
}
