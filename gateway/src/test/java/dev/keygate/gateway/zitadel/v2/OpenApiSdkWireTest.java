package dev.keygate.gateway.zitadel.v2;

import static dev.keygate.gateway.zitadel.v2.Connect.assertConnectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keygate.gateway.testing.GatewayTest;
import dev.keygate.gateway.testing.Jwts;
import dev.keygate.gateway.testing.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The logins of ZITADEL's OpenAPI-generated SDKs, byte for byte as they send them, and what they demand of each
 * answer: Java's {@code io.github.zitadel:client} 4.1.2 and Node's {@code @zitadel/sdk} 4.1.2 (oauth4webapi at the
 * token endpoint, jose for the assertion, Node's fetch underneath). Neither can be installed here, so the requests
 * are rebuilt from their sources; docs/wire/zitadel-v2.md, "SDK login", says which part comes from where.
 *
 * <p>Each flow discovers the token endpoint from the host the caller gave (with and without a trailing slash), gets
 * a token (client credentials, or the JWT profile with a service-account key file of v2's AddKey) and calls a v2
 * method with it where that SDK calls: Java at the host it was given, Node at the origin of the discovery's issuer.
 */
class OpenApiSdkWireTest extends GatewayTest {

  private static final String SCOPE = "openid urn:zitadel:iam:org:project:id:zitadel:aud";
  private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final String USERS = "zitadel.user.v2.UserService/";
  private static final String PROJECTS = "zitadel.project.v2.ProjectService/";
  private static final String APPLICATIONS = "zitadel.application.v2.ApplicationService/";
  private static final String JAVA_AGENT = "zitadel-client/4.1.2 (lang=java; lang_version=17.0.16; os=linux; "
      + "arch=amd64)";
  private static final String NODE_AGENT = "zitadel-client/4.1.2 (lang=ts; lang_version=v22.12.0; os=linux; "
      + "arch=x64)";
  /** oauth4webapi's own User-Agent on the requests it sends (the token request), from its sources. */
  private static final String OAUTH4WEBAPI_AGENT = "oauth4webapi/v3.8.7";

  /** The SDK whose bytes a request carries. */
  enum Sdk { JAVA, NODE }

  private Connect connect;

  @BeforeAll
  void connect() {
    connect = new Connect(http);
  }

  // ---- the SDKs' requests -------------------------------------------------------------------------------------

  /** The host as a user hands it to the SDK: the gateway's origin, or the same with a trailing slash. */
  private String host(boolean trailingSlash) {
    return http.base() + (trailingSlash ? "/" : "");
  }

  /**
   * Discovery: Java's OpenId sends {@code Accept: application/json} and reads {@code token_endpoint}; Node's
   * OpenId calls fetch without headers of its own (so fetch's defaults) and keeps the whole document.
   */
  private JsonObject discover(Sdk sdk, String host) {
    String wellKnown = URI.create(host).resolve("/.well-known/openid-configuration").toString();
    Map<String, String> headers = sdk == Sdk.JAVA ? headers("Accept", "application/json") : nodeFetch(headers());
    Response response = http.send("GET", onGateway(wellKnown), headers, null, null);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(mediaType(response)).isEqualTo("application/json");
    JsonObject document = response.json();
    assertThat(document.getValue("token_endpoint")).as("both SDKs need it").isInstanceOf(String.class);
    assertThat(document.getValue("issuer")).as("Node's API base comes from it").isInstanceOf(String.class);
    return document;
  }

  /**
   * Client credentials. Java: client_secret_post, {@code grant_type, scope, client_id, client_secret} in that
   * order. Node (oauth4webapi's ClientSecretBasic): {@code grant_type, scope} and Basic over the form-encoded id and
   * secret.
   */
  private Response clientCredentials(Sdk sdk, JsonObject discovery, String clientId, String secret) {
    String tokenPath = onGateway(discovery.getString("token_endpoint"));
    if (sdk == Sdk.JAVA) {
      return http.send("POST", tokenPath, javaTokenHeaders(), form("grant_type", "client_credentials",
          "scope", SCOPE, "client_id", clientId, "client_secret", secret), null);
    }
    Map<String, String> headers = nodeTokenHeaders();
    String pair = oauth4webapiFormEncode(clientId) + ":" + oauth4webapiFormEncode(secret);
    headers.put("authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    return http.send("POST", tokenPath, headers, form("grant_type", "client_credentials", "scope", SCOPE), null);
  }

  /**
   * The JWT profile with a service-account key file: an RS256 assertion with header {@code alg, kid} (no
   * {@code typ}), {@code iss = sub = userId}, {@code aud} the host exactly as given, {@code iat} now and {@code exp}
   * an hour later. Java sends {@code grant_type, scope, assertion}; Node {@code grant_type, assertion, scope} and,
   * from oauth4webapi's None() client authentication, {@code client_id=zitadel}.
   */
  private Response jwtProfile(Sdk sdk, JsonObject discovery, JsonObject keyFile, String host, long lifetime) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject header = new JsonObject().put("alg", "RS256").put("kid", keyFile.getString("keyId"));
    String userId = keyFile.getString("userId");
    JsonObject claims = sdk == Sdk.JAVA
        ? new JsonObject().put("iss", userId).put("sub", userId).put("aud", host)
        : new JsonObject().put("sub", userId).put("iss", userId).put("aud", host);
    claims.put("iat", now).put("exp", now + lifetime);
    String assertion = Jwts.rs256(header, claims, keyFile.getString("key"));
    String tokenPath = onGateway(discovery.getString("token_endpoint"));
    if (sdk == Sdk.JAVA) {
      return http.send("POST", tokenPath, javaTokenHeaders(), form("grant_type", JWT_BEARER, "scope", SCOPE,
          "assertion", assertion), null);
    }
    return http.send("POST", tokenPath, nodeTokenHeaders(), form("grant_type", JWT_BEARER, "assertion", assertion,
        "scope", SCOPE, "client_id", "zitadel"), null);
  }

  private static Map<String, String> javaTokenHeaders() {
    return headers("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json");
  }

  private static Map<String, String> nodeTokenHeaders() {
    return nodeFetch(headers("accept", "application/json", "user-agent", OAUTH4WEBAPI_AGENT,
        "content-type", "application/x-www-form-urlencoded;charset=UTF-8"));
  }

  /**
   * A v2 call where the SDK sends it: Java at the host it was given (trailing slashes dropped), Node at the origin
   * of the discovery's issuer. Both POST JSON with a bearer token, no Connect-Protocol-Version, no org header.
   */
  private Response call(Sdk sdk, String host, JsonObject discovery, String procedure, String token,
                        JsonObject body) {
    String base = sdk == Sdk.JAVA ? host.replaceAll("/+$", "") : origin(discovery.getString("issuer"));
    Map<String, String> headers = sdk == Sdk.JAVA
        ? headers("Content-Type", "application/json", "Accept", "application/json",
            "Authorization", "Bearer " + token, "User-Agent", JAVA_AGENT)
        : nodeFetch(headers("Content-Type", "application/json", "User-Agent", NODE_AGENT,
            "Authorization", "Bearer " + token));
    return http.send("POST", onGateway(base + "/" + procedure), headers, body.encode(), null);
  }

  /** The headers Node's fetch (undici) adds to any request that does not set them. */
  private static Map<String, String> nodeFetch(Map<String, String> headers) {
    headers.putIfAbsent("accept", "*/*");
    headers.putIfAbsent("accept-language", "*");
    headers.putIfAbsent("sec-fetch-mode", "cors");
    headers.putIfAbsent("user-agent", "node");
    headers.putIfAbsent("accept-encoding", "gzip, deflate");
    return headers;
  }

  private static Map<String, String> headers(String... namesAndValues) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  /**
   * A form body in the given order. Java's URLEncoder and the URLSearchParams Node's SDK fills encode alike: letters,
   * digits and {@code *-._} stay, a space is {@code +}, everything else is {@code %XX} of its UTF-8 bytes.
   */
  private static String form(String... namesAndValues) {
    StringJoiner body = new StringJoiner("&");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      body.add(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8) + "="
          + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
    }
    return body.toString();
  }

  /** oauth4webapi's formUrlEncode for Basic: encodeURIComponent, then {@code -_.!~*'()} escaped too, space '+'. */
  private static String oauth4webapiFormEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("*", "%2A").replace("-", "%2D")
        .replace(".", "%2E").replace("_", "%5F");
  }

  /** Scheme and authority of a URL, as {@code new URL(url).origin} gives them. */
  private static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  /** The path of a URL the gateway named; the URL must lie on the gateway's own origin, where the test reaches it. */
  private String onGateway(String url) {
    assertThat(origin(url)).as(url).isEqualTo(http.base());
    URI uri = URI.create(url);
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private static String mediaType(Response response) {
    String contentType = response.header("content-type");
    return contentType == null ? null : contentType.split(";")[0].trim();
  }

  // ---- what the SDKs demand of the answers ----------------------------------------------------------------------

  /**
   * A token answer both SDKs take, after the strictest of them (oauth4webapi's processGenericAccessTokenResponse):
   * status exactly 200, JSON, {@code access_token} a string, {@code token_type} a string that is {@code bearer}
   * ignoring case, {@code expires_in} a positive number (Java only reads it as a JSON number), {@code scope} absent
   * or a string. Keygate answers no {@code id_token}; one would have to pass oauth4webapi's ID token checks (issuer,
   * audience) and, in Node's JWT flow, carry an {@code azp}. Returns the access token.
   */
  private static String accepted(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(mediaType(response)).isEqualTo("application/json");
    JsonObject json = response.json();
    assertThat(json.getValue("access_token")).isInstanceOf(String.class);
    assertThat(json.getValue("token_type")).isInstanceOf(String.class);
    assertThat(json.getString("token_type")).isEqualToIgnoringCase("bearer");
    assertThat(json.getValue("expires_in")).as(response.body()).isInstanceOf(Number.class);
    assertThat(json.getLong("expires_in")).isPositive();
    if (json.containsKey("scope")) {
      assertThat(json.getValue("scope")).isInstanceOf(String.class);
    }
    assertThat(json.containsKey("id_token")).as("no ID token, so the SDKs check none").isFalse();
    return json.getString("access_token");
  }

  /** The token works where the SDK sends it (v2, as that SDK) and on v1's management API. */
  private void worksOnV2AndV1(Sdk sdk, String host, JsonObject discovery, String token, String userId) {
    Response users = call(sdk, host, discovery, USERS + "ListUsers", token, new JsonObject());
    assertThat(users.status()).as(users.toString()).isEqualTo(200);
    assertThat(users.json().getJsonArray("result").stream().map(u -> ((JsonObject) u).getString("userId")))
        .contains(userId);
    Response projects = call(sdk, host, discovery, PROJECTS + "ListProjects", token, new JsonObject());
    assertThat(projects.status()).as(projects.toString()).isEqualTo(200);

    Response v1 = http.post("/management/v1/projects/_search", token, new JsonObject());
    assertThat(v1.status()).as(v1.toString()).isEqualTo(200);
    Response self = http.get("/management/v1/users/" + userId, token);
    assertThat(self.status()).as(self.toString()).isEqualTo(200);
  }

  // ---- the objects a user of the SDKs would have made -----------------------------------------------------------

  /** A machine user made on v2, owner of acme's organization (a v1 membership, as the other tests give one). */
  private String machineOwner(String username) {
    String userId = connect.ok(USERS + "CreateUser", acme.pat(), new JsonObject().put("organizationId", acme.orgId())
        .put("username", username).put("machine", new JsonObject().put("name", "SDK " + username))).getString("id");
    Response member = http.post("/management/v1/orgs/me/members", acme.pat(), new JsonObject().put("userId", userId)
        .put("roles", new JsonArray().add("ORG_OWNER")));
    assertThat(member.status()).as(member.toString()).isEqualTo(200);
    return userId;
  }

  /** The service-account key file of a new key of the user: v2 AddKey's keyContent, base64 of the JSON. */
  private JsonObject keyFile(String userId) {
    JsonObject added = connect.ok(USERS + "AddKey", acme.pat(), new JsonObject().put("userId", userId)
        .put("expirationDate", "2099-01-01T00:00:00Z"));
    JsonObject file = new JsonObject(new String(Base64.getDecoder().decode(added.getString("keyContent")),
        StandardCharsets.UTF_8));
    assertThat(file.fieldNames()).contains("type", "keyId", "key", "userId");
    assertThat(file.getString("type")).isEqualTo("serviceaccount");
    return file;
  }

  private static String name(String flow, Sdk sdk, boolean trailingSlash) {
    return flow + "-" + sdk.name().toLowerCase() + (trailingSlash ? "-slash" : "") + ".bot";
  }

  // ---- the tests ---------------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}, trailing slash {1}")
  @CsvSource({"JAVA, false", "JAVA, true", "NODE, false", "NODE, true"})
  void discoveryNamesTheTokenEndpointAndAnIssuerOnTheGatewaysOwnOrigin(Sdk sdk, boolean trailingSlash) {
    JsonObject discovery = discover(sdk, host(trailingSlash));
    assertThat(discovery.getString("issuer")).isEqualTo(http.base());
    assertThat(origin(discovery.getString("issuer"))).as("Node calls the API here").isEqualTo(http.base());
    assertThat(discovery.getString("token_endpoint")).isEqualTo(http.base() + "/oauth/v2/token");
  }

  @ParameterizedTest(name = "{0}, trailing slash {1}")
  @CsvSource({"JAVA, false", "JAVA, true", "NODE, false", "NODE, true"})
  void aMachineUsersSecretLogsInAndItsTokenWorksOnV2AndV1(Sdk sdk, boolean trailingSlash) {
    String host = host(trailingSlash);
    String username = name("secret", sdk, trailingSlash);
    String userId = machineOwner(username);
    String secret = connect.ok(USERS + "AddSecret", acme.pat(), new JsonObject().put("userId", userId))
        .getString("clientSecret");
    JsonObject discovery = discover(sdk, host);

    String token = accepted(clientCredentials(sdk, discovery, username, secret));
    worksOnV2AndV1(sdk, host, discovery, token, userId);
  }

  /**
   * ZITADEL's client credentials grant knows machine users only: an API app's client id is "client not found"
   * ({@code invalid_client}, HTTP 400), and Keygate answers the same, in either SDK's client authentication. Java
   * then throws with the status, Node with the OAuth error; both need a JSON body for it.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Sdk.class)
  void anApiAppsClientIdAndSecretAreNoClientCredentialsAsInZitadel(Sdk sdk) {
    String project = gateway.tenants().project(acme, "sdk-apps-" + sdk.name().toLowerCase());
    JsonObject app = connect.ok(APPLICATIONS + "CreateApplication", acme.pat(), new JsonObject()
        .put("projectId", project).put("name", "sdk-api").put("apiConfiguration", new JsonObject()
            .put("authMethodType", "API_AUTH_METHOD_TYPE_BASIC"))).getJsonObject("apiConfiguration");

    Response refused = clientCredentials(sdk, discover(sdk, host(false)), app.getString("clientId"),
        app.getString("clientSecret"));
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(mediaType(refused)).isEqualTo("application/json");
    assertThat(refused.json().getString("error")).isEqualTo("invalid_client");
  }

  @ParameterizedTest(name = "{0}, trailing slash {1}")
  @CsvSource({"JAVA, false", "JAVA, true", "NODE, false", "NODE, true"})
  void aServiceAccountKeyFileLogsInWithTheHostAsAudienceAndItsTokenWorksOnV2AndV1(Sdk sdk, boolean trailingSlash) {
    String host = host(trailingSlash);
    String userId = machineOwner(name("key", sdk, trailingSlash));
    JsonObject keyFile = keyFile(userId);
    JsonObject discovery = discover(sdk, host);

    String token = accepted(jwtProfile(sdk, discovery, keyFile, host, 3600));
    worksOnV2AndV1(sdk, host, discovery, token, userId);
  }

  /**
   * Both SDKs read the clock twice, once for {@code iat} and once for {@code exp} (Java's two Instant.now(), jose's
   * setIssuedAt and setExpirationTime), and cut each to whole seconds: when a second ticks between the two readings,
   * the hour's assertion is 3601 seconds long. That must log in too; a longer one still must not.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Sdk.class)
  void anAssertionWhoseSecondTickedBetweenIatAndExpLogsIn(Sdk sdk) {
    String host = host(false);
    JsonObject keyFile = keyFile(machineOwner(name("tick", sdk, false)));
    JsonObject discovery = discover(sdk, host);

    accepted(jwtProfile(sdk, discovery, keyFile, host, 3601));
    Response tooLong = jwtProfile(sdk, discovery, keyFile, host, 3602);
    assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
    assertThat(tooLong.json().getString("error")).isEqualTo("invalid_grant");
  }

  /** A refused call: the SDKs throw with the status and the raw body, which is Connect's error JSON. */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Sdk.class)
  void aWrongTokenIsRefusedInConnectsErrorShape(Sdk sdk) {
    String host = host(false);
    JsonObject discovery = discover(sdk, host);
    String userId = machineOwner(name("refused", sdk, false));
    String secret = connect.ok(USERS + "AddSecret", acme.pat(), new JsonObject().put("userId", userId))
        .getString("clientSecret");
    String token = accepted(clientCredentials(sdk, discovery, name("refused", sdk, false), secret));

    Response refused = call(sdk, host, discovery, USERS + "ListUsers", token + "x", new JsonObject());
    assertConnectError(refused, 401, "unauthenticated", "Errors.Token.Invalid", "AUTH-7fs1e");
  }
}
