package dev.keygate.gateway.zitadel.v2;

import static dev.keygate.gateway.zitadel.v2.V2Requests.body;
import static dev.keygate.gateway.zitadel.v2.V2Requests.scope;

import dev.keygate.gateway.domain.DomainError;
import dev.keygate.gateway.domain.DomainException;
import dev.keygate.gateway.http.Replies;
import dev.keygate.gateway.http.SurfaceEndpoint;
import dev.keygate.gateway.service.LastUsed;
import dev.keygate.gateway.service.UserService;
import dev.keygate.gateway.zitadel.SecretRotationWire;
import dev.keygate.gateway.zitadel.TextQueries;
import dev.keygate.store.MachineKey;
import dev.keygate.store.Page;
import dev.keygate.store.PageRequest;
import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.TextMatch;
import dev.keygate.store.User;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code zitadel.user.v2.UserService}: machine and human users, a machine's secret (its client id is its username),
 * personal access tokens and keys; the users of the v1 management API under v2's names.
 */
record UsersV2Endpoint(UserService users, Clock clock) implements SurfaceEndpoint {

  static final String V2 = "zitadel.user.v2.UserService.";

  @Override
  public Handler<RoutingContext> handler(String operationId) {
    if (!operationId.startsWith(V2)) {
      return null;
    }
    return switch (operationId.substring(V2.length())) {
      case "CreateUser" -> this::create;
      case "GetUserByID" -> rc -> Replies.json(rc, users.get(scope(rc), body(rc).getString("userId")),
          user -> new JsonObject().put("details", V2Renderer.details(user.sequence(), user.createdAt(),
              user.changedAt(), user.orgId())).put("user", V2Renderer.user(user)));
      case "ListUsers" -> rc -> list(rc, operationId);
      case "DeleteUser" -> rc -> Replies.json(rc, users.remove(scope(rc), body(rc).getString("userId")),
          removed -> new JsonObject().put("details", V2Renderer.details(removed.sequence(), null, removed.changedAt(),
              removed.orgId())));
      case "AddSecret" -> rc -> Replies.json(rc, users.generateSecret(scope(rc), body(rc).getString("userId"),
              SecretRotationWire.previousValidFor(body(rc))),
          issued -> new JsonObject().put("creationDate", V2Renderer.time(issued.user().changedAt()))
              .put("clientSecret", issued.credential()));
      case "RemoveSecret" -> rc -> Replies.json(rc, users.removeSecret(scope(rc), body(rc).getString("userId")),
          user -> new JsonObject().put("deletionDate", V2Renderer.time(user.changedAt())));
      case "GetSecrets" -> rc -> Replies.json(rc, users.secrets(scope(rc), body(rc).getString("userId")),
          V2Renderer::secrets);
      case "EndSecretOverlap" -> rc -> Replies.json(rc, users.endSecretOverlap(scope(rc),
          body(rc).getString("userId")), user -> new JsonObject().put("deletionDate",
          V2Renderer.time(user.changedAt())));
      case "AddPersonalAccessToken" -> rc -> Replies.json(rc, users.addPersonalAccessToken(scope(rc),
              body(rc).getString("userId"), V2Requests.instant(body(rc), "expirationDate")),
          issued -> new JsonObject().put("creationDate", V2Renderer.time(issued.user().changedAt()))
              .put("tokenId", issued.credentialId()).put("token", issued.credential()));
      case "RemovePersonalAccessToken" -> rc -> Replies.json(rc, removed(users.removePersonalAccessToken(scope(rc),
              body(rc).getString("userId"), body(rc).getString("tokenId")), DomainError.PAT_NOT_FOUND),
          UsersV2Endpoint::deletion);
      case "ListPersonalAccessTokens" -> rc -> {
        PageRequest page = V2Requests.page(body(rc));
        String userId = userFilter(body(rc));
        if (userId == null) {
          rc.fail(ConnectRefusal.unimplemented("Keygate lists these for one user at a time: send one userIdFilter"));
          return;
        }
        Replies.json(rc, users.personalAccessTokens(scope(rc), userId, page),
            found -> V2Renderer.list(found, page.limit(), "result", UsersV2Endpoint::pat));
      };
      case "AddKey" -> this::addKey;
      case "RemoveKey" -> rc -> Replies.json(rc, removed(users.removeMachineKey(scope(rc),
          body(rc).getString("userId"), body(rc).getString("keyId")), DomainError.KEY_NOT_FOUND),
          UsersV2Endpoint::deletion);
      case "ListKeys" -> rc -> {
        PageRequest page = V2Requests.page(body(rc));
        String userId = userFilter(body(rc));
        if (userId == null) {
          rc.fail(ConnectRefusal.unimplemented("Keygate lists these for one user at a time: send one userIdFilter"));
          return;
        }
        Replies.json(rc, users.machineKeys(scope(rc), userId, page),
            found -> V2Renderer.list(found, page.limit(), "result", UsersV2Endpoint::key));
      };
      default -> null;
    };
  }

  /**
   * One page of the users of one organization: the one an {@code organizationIdQuery} names (the authorizer has
   * checked it), else the caller's; only those of the {@code typeQuery}'s kind whose user name matches every
   * {@code userNameQuery}. The queries are combined with AND: two organizations, two kinds, or TYPE_UNSPECIFIED (no
   * user is of no kind, as in ZITADEL) find none. {@code inUserIdsQuery} is not served yet: {@code unimplemented}.
   */
  private void list(RoutingContext rc, String operationId) {
    JsonObject body = body(rc);
    PageRequest page = V2Requests.page(body);
    boolean none = !V2Requests.onlyScopeNamed(rc, operationId);
    Set<User.Kind> kinds = EnumSet.allOf(User.Kind.class);
    List<TextMatch> userNames = new ArrayList<>();
    for (Object entry : body.getJsonArray("queries", new JsonArray())) {
      JsonObject query = (JsonObject) entry;
      if (query.getJsonObject("userNameQuery") != null) {
        JsonObject byName = query.getJsonObject("userNameQuery");
        userNames.add(TextQueries.match(byName.getString("userName"), byName.getString("method")));
      } else if (query.getJsonObject("typeQuery") != null) {
        String type = query.getJsonObject("typeQuery").getString("type", "TYPE_UNSPECIFIED");
        kinds.retainAll(switch (type) {
          case "TYPE_HUMAN" -> Set.of(User.Kind.HUMAN);
          case "TYPE_MACHINE" -> Set.of(User.Kind.MACHINE);
          default -> Set.of();
        });
      } else if (!OrganizationFilters.namesOrganization(operationId, query)) {
        rc.fail(ConnectRefusal.unimplemented("Keygate queries users by organization, type and user name only, "
            + "for now"));
        return;
      }
    }
    Future<Page<User>> found = none || kinds.isEmpty() ? Future.succeededFuture(new Page<>(List.of(), 0))
        : users.list(scope(rc), kinds.size() == 1 ? kinds.iterator().next() : null, userNames, page);
    Replies.json(rc, found, result -> V2Renderer.listWithDetails(result, clock.instant(), "result",
        V2Renderer::user));
  }

  /**
   * A machine user (with {@code machine}) or a human (with {@code human}); the contract requires exactly one. The
   * username of a machine defaults to its id in ZITADEL; Keygate, which assigns the id as it stores the user, asks
   * for one.
   */
  private void create(RoutingContext rc) {
    JsonObject body = body(rc);
    if (body.getString("userId") != null && !body.getString("userId").isEmpty()) {
      rc.fail(ConnectRefusal.unimplemented("Keygate assigns user ids itself: userId cannot be chosen"));
      return;
    }
    JsonObject machine = body.getJsonObject("machine");
    JsonObject human = body.getJsonObject("human");
    String username = body.getString("username");
    if ((username == null || username.isEmpty()) && human != null) {
      username = human.getJsonObject("email", new JsonObject()).getString("email"); // ZITADEL's default for humans
    }
    if (machine == null && human == null) {
      rc.fail(ConnectRefusal.invalidArgument("invalid CreateUserRequest.UserType: value is required"));
      return;
    }
    if (machine != null) {
      Replies.json(rc, users.createMachine(scope(rc), username, machine.getString("name"),
          machine.getString("description"), null), V2Renderer::createdUser);
    } else {
      JsonObject profile = human.getJsonObject("profile", new JsonObject());
      JsonObject email = human.getJsonObject("email", new JsonObject());
      JsonObject password = human.getJsonObject("password", new JsonObject());
      Replies.json(rc, users.createHuman(scope(rc), username, profile.getString("givenName"),
          profile.getString("familyName"), profile.getString("preferredLanguage"), email.getString("email"),
          email.getBoolean("isVerified", false), password.getString("password")), V2Renderer::createdUser);
    }
  }

  private void addKey(RoutingContext rc) {
    JsonObject body = body(rc);
    if (body.getString("publicKey") != null && !body.getString("publicKey").isEmpty()) {
      rc.fail(ConnectRefusal.unimplemented("Keygate generates machine keys itself: publicKey cannot be given"));
      return;
    }
    Replies.json(rc, users.addMachineKey(scope(rc), body.getString("userId"), V2Requests.instant(body,
            "expirationDate")),
        key -> new JsonObject().put("creationDate", V2Renderer.time(key.at())).put("keyId", key.keyId())
            .put("keyContent", Base64.getEncoder().encodeToString(key.keyFile())));
  }

  /**
   * The user a token or key list is about: v2 names it in a {@code userIdFilter} of {@code filters}; null when the
   * filters are anything else (served later: listing by token, key or organization).
   */
  private static String userFilter(JsonObject body) {
    JsonArray filters = body.getJsonArray("filters", new JsonArray());
    if (filters.size() != 1 || filters.getJsonObject(0).getJsonObject("userIdFilter") == null) {
      return null;
    }
    return filters.getJsonObject(0).getJsonObject("userIdFilter").getString("id");
  }

  /**
   * A removal that finds no such token or key answers 200 without {@code deletionDate}, as ZITADEL answers "removed
   * or never there"; an unknown user stays 404.
   */
  private static Future<User> removed(Future<User> removal, DomainError gone) {
    return removal.recover(failure -> failure instanceof DomainException domain && domain.error() == gone
        ? Future.succeededFuture(null) : Future.failedFuture(failure));
  }

  private static JsonObject deletion(User user) {
    return user == null ? new JsonObject() : new JsonObject().put("deletionDate", V2Renderer.time(user.changedAt()));
  }

  private static JsonObject pat(LastUsed<PersonalAccessToken> used) {
    PersonalAccessToken pat = used.credential();
    JsonObject json = new JsonObject().put("id", pat.id()).put("userId", pat.userId())
        .put("creationDate", V2Renderer.time(pat.createdAt()));
    if (pat.expiresAt() != null) {
      json.put("expirationDate", V2Renderer.time(pat.expiresAt()));
    }
    return V2Renderer.withLastUse(json, used.lastUsedAt());
  }

  private static JsonObject key(LastUsed<MachineKey> used) {
    MachineKey key = used.credential();
    JsonObject json = new JsonObject().put("id", key.id()).put("userId", key.userId())
        .put("creationDate", V2Renderer.time(key.createdAt()));
    if (key.expiresAt() != null) {
      json.put("expirationDate", V2Renderer.time(key.expiresAt()));
    }
    return V2Renderer.withLastUse(json, used.lastUsedAt());
  }
}
