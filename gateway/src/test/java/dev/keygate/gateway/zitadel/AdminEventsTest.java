package dev.keygate.gateway.zitadel;

import static dev.keygate.gateway.testing.ZitadelAssertions.assertError;
import static dev.keygate.gateway.testing.ZitadelAssertions.assertPlainError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Http;
import dev.keygate.gateway.testing.Response;
import dev.keygate.gateway.testing.Tenants;
import dev.keygate.gateway.testing.TestClock;
import dev.keygate.store.EventTypes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ZITADEL's admin API Event API ({@code POST /admin/v1/events/_search} and the two type lists) on the store of the
 * run: the shape, paging by sequence, every filter, who may read, tenant isolation and hostile requests.
 */
class AdminEventsTest extends GatewayTest {

  private static final String EVENTS = "/admin/v1/events/_search";
  private static final String EVENT_TYPES = "/admin/v1/events/types/_search";
  private static final String AGGREGATE_TYPES = "/admin/v1/aggregates/types/_search";

  private final TestClock clock = new TestClock();

  @Override
  protected Clock clock() {
    return clock;
  }

  private JsonArray events(Tenants.Tenant tenant, JsonObject body) {
    Response response = http.post(EVENTS, tenant.pat(), body);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().getJsonArray("events", new JsonArray());
  }

  private static List<String> field(JsonArray events, String... path) {
    List<String> values = new ArrayList<>();
    for (Object event : events) {
      JsonObject at = (JsonObject) event;
      for (int i = 0; i < path.length - 1; i++) {
        at = at.getJsonObject(path[i]);
      }
      values.add(at.getString(path[path.length - 1]));
    }
    return values;
  }

  private static List<String> types(JsonArray events) {
    return field(events, "type", "type");
  }

  private static List<String> aggregates(JsonArray events) {
    return field(events, "aggregate", "id");
  }

  private String myId(String token) {
    return http.get("/auth/v1/users/me", token).json().getJsonObject("user").getString("id");
  }

  private static JsonObject localized(String type, String key, String label) {
    return new JsonObject().put("type", type)
        .put("localized", new JsonObject().put("key", key).put("localizedMessage", label));
  }

  @Test
  void anInstanceOwnerReadsItsTrailNewestFirstInZitadelsShape() {
    Tenants.Tenant tenant = gateway.tenants().create("audit-shape");
    String project = gateway.tenants().project(tenant, "billing");

    JsonArray events = events(tenant, new JsonObject());

    JsonObject newest = events.getJsonObject(0);
    assertThat(newest.fieldNames()).containsExactlyInAnyOrder("editor", "aggregate", "sequence", "creationDate",
        "payload", "type");
    assertThat(newest.getJsonObject("type")).isEqualTo(localized("project.added", "EventTypes.project.added",
        "Project added"));
    assertThat(newest.getJsonObject("aggregate")).isEqualTo(new JsonObject().put("id", project)
        .put("type", localized("project", "AggregateTypes.project", "Project")).put("resourceOwner", tenant.orgId()));
    assertThat(newest.getJsonObject("editor")).isEqualTo(new JsonObject().put("userId", myId(tenant.pat()))
        .put("displayName", "Owner"));
    assertThat(newest.getJsonObject("payload")).isEqualTo(new JsonObject());
    assertThat(newest.getString("creationDate")).isEqualTo(
        http.get("/management/v1/projects/" + project, tenant.pat()).json().getJsonObject("project")
            .getJsonObject("details").getString("creationDate"));
    List<Long> sequences = field(events, "sequence").stream().map(Long::parseLong).toList();
    assertThat(sequences).doesNotHaveDuplicates().isSortedAccordingTo(Collections.reverseOrder());
    assertThat(types(events)).contains("instance.added", "org.added", "user.machine.added", "user.pat.added");
    // the instance's own events belong to the instance
    assertThat(events.stream().map(JsonObject.class::cast)
        .filter(e -> e.getJsonObject("aggregate").getJsonObject("type").getString("type").equals("instance")))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getJsonObject("aggregate").getString("resourceOwner"))
            .isEqualTo(tenant.instanceId()));
  }

  @Test
  void theSequenceOfAPagesLastEventIsTheCursorOfTheNextInBothOrders() {
    Tenants.Tenant tenant = gateway.tenants().create("audit-paging");
    for (int i = 0; i < 5; i++) {
      gateway.tenants().project(tenant, "p" + i);
    }
    List<String> everything = field(events(tenant, new JsonObject()), "sequence");
    assertThat(everything).hasSizeGreaterThan(9);

    for (boolean asc : List.of(false, true)) {
      List<String> paged = new ArrayList<>();
      JsonArray page = events(tenant, new JsonObject().put("limit", 3).put("asc", asc));
      while (!page.isEmpty()) {
        assertThat(page.size()).isLessThanOrEqualTo(3);
        paged.addAll(field(page, "sequence"));
        String cursor = page.getJsonObject(page.size() - 1).getString("sequence");
        page = events(tenant, new JsonObject().put("limit", 3).put("asc", asc).put("sequence", cursor));
      }
      List<String> expected = new ArrayList<>(everything);
      if (asc) {
        Collections.reverse(expected);
      }
      assertThat(paged).as(asc ? "oldest first" : "newest first").isEqualTo(expected);
    }
    // protojson's forms of the same request: a number for the uint64, the proto names
    String second = everything.get(1);
    assertThat(field(events(tenant, new JsonObject().put("sequence", Long.parseLong(second)).put("limit", 1)),
        "sequence")).containsExactly(everything.get(2));
  }

  @Test
  void everyFilterNarrowsThePageAndTheyCombine() {
    Tenants.Tenant tenant = gateway.tenants().create("audit-filters");
    String owner = myId(tenant.pat());
    clock.advance(Duration.ofMinutes(1));
    String billing = gateway.tenants().project(tenant, "billing");
    clock.advance(Duration.ofMinutes(1));
    String crm = gateway.tenants().project(tenant, "crm");
    clock.advance(Duration.ofMinutes(1));
    assertThat(http.delete("/management/v1/projects/" + crm, tenant.pat()).status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(1));
    String memberPat = gateway.tenants().memberPat(tenant, "audit-member", "ORG_OWNER");
    String member = myId(memberPat);
    String memberProject = gateway.tenants().project(new Tenants.Tenant(tenant.instanceId(), tenant.orgId(),
        memberPat, tenant.domain()), "by-member");
    JsonArray all = events(tenant, new JsonObject());
    JsonObject billingAdded = all.stream().map(JsonObject.class::cast)
        .filter(e -> e.getJsonObject("aggregate").getString("id").equals(billing)).findFirst().orElseThrow();
    JsonObject crmRemoved = all.stream().map(JsonObject.class::cast)
        .filter(e -> e.getJsonObject("type").getString("type").equals("project.removed")).findFirst().orElseThrow();

    // alternatives within a filter, by JSON or proto name
    assertThat(aggregates(events(tenant, new JsonObject().put("event_types",
        new JsonArray().add("project.removed").add("user.machine.added")))))
        .containsExactly(member, crm, owner);
    assertThat(aggregates(events(tenant, new JsonObject().put("aggregateTypes", new JsonArray().add("project")))))
        .containsExactly(memberProject, crm, crm, billing);
    assertThat(types(events(tenant, new JsonObject().put("aggregate_id", billing)))).containsExactly("project.added");
    assertThat(aggregates(events(tenant, new JsonObject().put("editorUserId", member))))
        .containsExactly(memberProject);
    assertThat(field(events(tenant, new JsonObject().put("resourceOwner", tenant.instanceId())),
        "aggregate", "type", "type")).isNotEmpty().containsOnly("instance");
    // the organization's: everything but the instance's own and the removed project's (whose owner is gone)
    assertThat(events(tenant, new JsonObject().put("resourceOwner", tenant.orgId()))).isEqualTo(new JsonArray(
        all.stream().filter(e -> tenant.orgId().equals(((JsonObject) e).getJsonObject("aggregate")
            .getString("resourceOwner"))).toList())).hasSize(all.size()
        - events(tenant, new JsonObject().put("resourceOwner", tenant.instanceId())).size() - 2);
    // time: range is exclusive at both ends; from bounds the side the order walks towards
    String from = billingAdded.getString("creationDate");
    String until = crmRemoved.getString("creationDate");
    assertThat(types(events(tenant, new JsonObject().put("range", new JsonObject().put("since", from)
        .put("until", until))))).containsExactly("project.added");
    assertThat(aggregates(events(tenant, new JsonObject().put("range", new JsonObject().put("since", from)
        .put("until", until)).put("aggregateTypes", new JsonArray().add("project"))))).containsExactly(crm);
    assertThat(events(tenant, new JsonObject().put("from", from))).as("older than billing")
        .allSatisfy(e -> assertThat(((JsonObject) e).getString("creationDate")).isLessThan(from))
        .isNotEmpty();
    assertThat(aggregates(events(tenant, new JsonObject().put("from", until).put("asc", true)
        .put("aggregateTypes", new JsonArray().add("project"))))).containsExactly(memberProject);
    assertThat(events(tenant, new JsonObject().put("creationDate", from)))
        .isEqualTo(events(tenant, new JsonObject().put("from", from)));
    // combined: AND across filters
    assertThat(events(tenant, new JsonObject().put("editorUserId", member)
        .put("eventTypes", new JsonArray().add("project.removed")))).isEmpty();
    assertThat(events(tenant, new JsonObject().put("limit", 2))).hasSize(2);
  }

  @Test
  void onlyAnInstanceOwnerMayReadTheTrail() {
    Tenants.Tenant tenant = gateway.tenants().create("audit-who");
    String orgOwner = gateway.tenants().memberPat(tenant, "org-owner", "ORG_OWNER");
    String viewer = gateway.tenants().memberPat(tenant, "viewer", "ORG_OWNER_VIEWER");
    String noMember = gateway.tenants().machineUser(tenant, "nobody");
    String noMemberPat = http.post("/management/v1/users/" + noMember + "/pats", tenant.pat(), new JsonObject())
        .json().getString("token");

    for (String path : List.of(EVENTS, EVENT_TYPES, AGGREGATE_TYPES)) {
      assertError(http.post(path, orgOwner, new JsonObject()), 403, 7, "No matching permissions found",
          "AUTH-5mWD2");
      assertError(http.post(path, viewer, new JsonObject()), 403, 7, "No matching permissions found", "AUTH-5mWD2");
      // another organization named in the header changes nothing: the permission is the instance's
      assertError(http.send("POST", path, Map.of("authorization", "Bearer " + orgOwner, "x-zitadel-orgid",
          tenant.orgId()), "{}", "application/json"), 403, 7, "No matching permissions found", "AUTH-5mWD2");
      assertError(http.post(path, noMemberPat, new JsonObject()), 404, 5, "membership not found", "AUTHZ-cdgFk");
      assertPlainError(http.post(path, null, new JsonObject()), 401, 16, "auth header missing");
      assertError(http.post(path, "not-a-token", new JsonObject()), 401, 16, "Errors.Token.Invalid", "AUTH-7fs1e");
    }
  }

  @Test
  void anAccessTokenOfAnInstanceOwnerReadsTheTrailToo() {
    Tenants.Tenant tenant = gateway.tenants().create("audit-token");
    String owner = myId(tenant.pat());
    String secret = http.put("/management/v1/users/" + owner + "/secret", tenant.pat(), new JsonObject()).json()
        .getString("clientSecret");
    String token = http.send("POST", "/oauth/v2/token", Map.of("authorization", Http.basic("owner", secret)
            .get("authorization"), "x-zitadel-instance-host", tenant.domain()),
        "grant_type=client_credentials&scope=openid", "application/x-www-form-urlencoded").json()
        .getString("access_token");
    assertThat(token).isNotNull();

    Response response = http.post(EVENTS, token, new JsonObject().put("limit", 1));

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(types(response.json().getJsonArray("events"))).containsExactly("user.machine.secret.set");
  }

  @Test
  void anInstanceSeesOnlyItsOwnEventsWhateverItAsks() {
    Tenants.Tenant mine = gateway.tenants().create("audit-mine");
    Tenants.Tenant theirs = gateway.tenants().create("audit-theirs");
    String theirProject = gateway.tenants().project(theirs, "secret-plans");
    String theirCursor = events(theirs, new JsonObject().put("limit", 1)).getJsonObject(0).getString("sequence");

    assertThat(aggregates(events(mine, new JsonObject()))).isNotEmpty().doesNotContain(theirProject, theirs.orgId(),
        theirs.instanceId());
    assertThat(events(mine, new JsonObject().put("aggregateId", theirProject))).isEmpty();
    assertThat(events(mine, new JsonObject().put("resourceOwner", theirs.orgId()))).isEmpty();
    assertThat(events(mine, new JsonObject().put("aggregateId", theirs.instanceId()))).isEmpty();
    assertThat(events(mine, new JsonObject().put("sequence", theirCursor).put("asc", true)))
        .allSatisfy(e -> assertThat(((JsonObject) e).getJsonObject("aggregate").getString("id"))
            .isNotEqualTo(theirProject));
    Response empty = http.post(EVENTS, mine.pat(), new JsonObject().put("aggregateId", theirProject));
    assertThat(empty.body()).as("protojson omits an empty list").isEqualTo("{}");
  }

  @Test
  void theTypeListsNameEveryTypeWithItsLabel() {
    Response events = http.post(EVENT_TYPES, acme.pat(), null);
    Response aggregates = http.post(AGGREGATE_TYPES, acme.pat(), new JsonObject());

    assertThat(events.status()).as(events.toString()).isEqualTo(200);
    JsonArray eventTypes = events.json().getJsonArray("eventTypes");
        assertThat(eventTypes).contains(localized("user.machine.secret.rotated",
        "EventTypes.user.machine.secret.rotated", "Machine user secret rotated with overlap"));
    assertThat(eventTypes.stream().map(t -> ((JsonObject) t).getString("type")).toList())
        .isEqualTo(EventTypes.all()).isSorted();
    assertThat(aggregates.json().getJsonArray("aggregateTypes")).containsExactly(
        localized("client", "AggregateTypes.client", "Droplit client"),
        localized("commerce.application", "AggregateTypes.commerce.application", "Commerce application ID"),
        localized("ecosystem", "AggregateTypes.ecosystem", "Droplit ecosystem"),
        localized("instance", "AggregateTypes.instance", "Instance"),
        localized("org", "AggregateTypes.org", "Organization"),
        localized("project", "AggregateTypes.project", "Project"),
        localized("user", "AggregateTypes.user", "User"));
  }

  @Test
  void hostileRequestsAreRefusedAsZitadelRefusesThemNeverWithA5xx() {
    String pat = acme.pat();
    assertPlainError(http.post(EVENTS, pat, new JsonObject().put("limit", 1001)), 400, 3,
        "invalid ListEventsRequest.Limit: value must be less than or equal to 1000");
    assertPlainError(http.post(EVENTS, pat, new JsonObject().put("limit", -1)), 400, 3,
        "proto: invalid value for uint32 field limit: -1");
    assertPlainError(http.post(EVENTS, pat, new JsonObject().put("eventTypes", new JsonArray().add("user.hacked"))),
        400, 3, "invalid ListEventsRequest.EventTypes[0]: value must be one of the defined enum values");
    assertThat(http.post(EVENTS, pat, new JsonObject().put("aggregateTypes", new JsonArray().add("users")))
        .json().getString("message")).isEqualTo("invalid ListEventsRequest.AggregateTypes[0]: value must be one of "
        + "the defined enum values");
    assertPlainError(http.post(EVENTS, pat, new JsonObject().put("editorUserId", "x".repeat(201))), 400, 3,
        "invalid ListEventsRequest.EditorUserId: value length must be at most 200 runes");
    assertPlainError(http.post(EVENTS, pat, new JsonObject().put("sequence", "-1")), 400, 3,
        "proto: invalid value for uint64 field sequence: \"-1\"");
    assertPlainError(http.post(EVENTS, pat, new JsonObject().put("sequence", "9999999999999999999")), 400, 3,
        "invalid ListEventsRequest.Sequence: value does not match regex pattern \"^[0-9]{1,18}$\"");
    assertPlainError(http.post(EVENTS, pat, new JsonObject().put("from", "yesterday")), 400, 3,
        "proto: invalid google.protobuf.Timestamp value \"yesterday\"");
    assertPlainError(http.post(EVENTS, pat, new JsonObject().put("from", "2026-01-01T00:00:00Z")
            .put("range", new JsonObject())), 400, 3,
        "proto: oneof ListEventsRequest.creation_date_filter is already set");
    assertPlainError(http.post(EVENTS, pat, new JsonObject().put("eventTypes", "user.removed")), 400, 3,
        "proto: invalid value for array field eventTypes: user.removed");
    assertPlainError(http.send("POST", EVENTS, Http.bearer(pat), "{}", "text/plain"), 400, 3,
        "invalid content type: the request body must be application/json");
    assertThat(http.send("POST", EVENTS, Http.bearer(pat), "{\"limit\":", "application/json").json()
        .getString("message")).startsWith("proto: syntax error");
    Response deep = http.post(EVENTS, pat, new JsonObject().put("range", new JsonObject().put("since",
        new JsonObject().put("a", 1))));
    assertThat(deep.status()).as(deep.toString()).isEqualTo(400);
  }
}
